"""render/styles.py: what an inline style hides, and the declarations kept."""

from __future__ import annotations

import lxml.html

from finews_desktop.core.content.render.styles import declarations, is_hidden, safe_style


def element(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


def test_declarations_are_lower_cased_without_comments_or_important() -> None:
    assert declarations("Color: RED; /* x: y */ Display :  None !important;;broken") == [
        ("color", "red"),
        ("display", "none"),
    ]
    assert declarations("a: b /* never closed") == [("a", "b")]


def test_hidden_elements() -> None:
    assert is_hidden(element("<p hidden>x</p>"))
    assert is_hidden(element('<p style="DISPLAY: none">x</p>'))
    assert is_hidden(element('<p style="visibility:collapse">x</p>'))
    assert is_hidden(element('<p style="color:red; visibility: hidden !important">x</p>'))
    assert not is_hidden(element('<p style="display: inline; border: none">x</p>'))
    assert not is_hidden(element('<p style="/* display:none */ color: red">x</p>'))
    assert not is_hidden(element("<p>x</p>"))


def test_safe_style_keeps_only_the_allow_list() -> None:
    assert safe_style("text-align: CENTER; color: red; font-weight: 700") == "text-align: center; font-weight: 700"
    assert safe_style("position: fixed; font-size: 900px; background: url(http://x)") is None
    assert safe_style("text-align: expression(alert(1))") is None
