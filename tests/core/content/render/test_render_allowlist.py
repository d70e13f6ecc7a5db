"""render/allowlist.py: the attributes a kept tag keeps, with the values it allows."""

from __future__ import annotations

import lxml.html

from finews_desktop.core.content.render.allowlist import BLOCKISH, DROP_WITH_CONTENT, KEEP, RENAME, keep_attributes
from finews_desktop.core.content.render.limits import MAX_SPAN


def kept(html: str) -> dict[str, str]:
    el = lxml.html.fragment_fromstring(html)
    keep_attributes(el, el.tag)
    return dict(el.attrib)


def test_the_tag_sets_do_not_overlap() -> None:
    assert not KEEP & DROP_WITH_CONTENT and not KEEP & BLOCKISH and not BLOCKISH & DROP_WITH_CONTENT
    assert set(RENAME.values()) <= KEEP


def test_cells_keep_alignment_and_bounded_spans() -> None:
    assert kept('<td align="CENTER" valign="top" colspan="2" rowspan="99999" onclick="x()" width="9">x</td>') == {
        "align": "center",
        "valign": "top",
        "colspan": "2",
        "rowspan": str(MAX_SPAN),
    }
    assert kept('<td colspan="1" rowspan="-3" align="evil">x</td>') == {}


def test_blocks_keep_alignment_direction_and_safe_styles() -> None:
    assert kept('<p align="right" dir="rtl" class="x" id="y" style="text-align:center; color:red">x</p>') == {
        "align": "right",
        "dir": "rtl",
        "style": "text-align: center",
    }


def test_lists_keep_their_type_and_an_ordered_list_its_start() -> None:
    assert kept('<ol type="a" start="0005">x</ol>') == {"type": "a", "start": "5"}
    assert kept('<ol type="disc" start="99999999">x</ol>') == {"type": "disc"}  # a start of 8 digits is not read
    assert kept('<ul type="square" start="3">x</ul>') == {"type": "square"}
    assert kept('<ul type="url(x)">x</ul>') == {}


def test_other_tags_keep_only_a_safe_style() -> None:
    assert kept('<span style="font-weight: bold" title="t" href="javascript:x">x</span>') == {
        "style": "font-weight: bold"
    }
    assert kept('<b style="position: absolute">x</b>') == {}
