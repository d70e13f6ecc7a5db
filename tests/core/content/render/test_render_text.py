"""render/text.py: front matter values as one line, break opportunities in long runs, tidy lines."""

from __future__ import annotations

from datetime import date

from finews_desktop.core.content.render import render_post
from finews_desktop.core.content.render.limits import MAX_RUN, RUN_CHUNK
from finews_desktop.core.content.render.text import (
    ZWSP,
    as_list,
    breakable,
    one_line,
    tidy_lines,
    without_bad_char_refs,
    without_bad_chars,
)


def test_one_line_joins_lists_and_collapses_spaces() -> None:
    assert one_line(None) == ""
    assert one_line("  a \n b\t c ") == "a b c"
    assert one_line(["x", ["y", "z"], 3]) == "x, y, z, 3"
    assert one_line(date(2022, 5, 20)) == "2022-05-20"


def test_as_list_drops_empty_items_and_wraps_a_scalar() -> None:
    assert as_list(None) == []
    assert as_list(("a", "", None, 0)) == ["a", 0]
    assert as_list("a") == ["a"]


def test_breakable_cuts_only_runs_qt_cannot_break() -> None:
    short = "1" * MAX_RUN
    assert breakable(short) == short
    number = "9" * (MAX_RUN + 1)
    cut = breakable(number)
    assert cut.replace(ZWSP, "") == number
    assert [len(part) for part in cut.split(ZWSP)] == [RUN_CHUNK, RUN_CHUNK, 1]
    spaced = " ".join(["word"] * 30)  # long, but with spaces: Qt breaks it itself
    assert breakable(spaced) == spaced
    cjk = "中" * (MAX_RUN * 3)  # every CJK character is a break opportunity
    assert breakable(cjk) == cjk


def test_breakable_cuts_each_run_of_a_mixed_text() -> None:
    url = "http://example.com/" + "a" * 80
    text = f"见 {url} 与 {'7' * 50}"
    out = breakable(text)
    assert out.replace(ZWSP, "") == text
    assert max(len(part) for chunk in out.split() for part in chunk.split(ZWSP)) <= RUN_CHUNK


def test_tidy_lines_drops_empty_lines_and_collapses_spaces() -> None:
    assert tidy_lines("  a  b \n\n \t\n c ") == "a b\nc"


def test_without_bad_chars_replaces_what_lxml_refuses() -> None:
    assert without_bad_chars("ok\ttab\nline") == "ok\ttab\nline"
    assert without_bad_chars("a\x00b\x1fc\ud800d\uffff") == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_character_references_to_characters_lxml_cannot_hold_become_replacement_characters() -> None:
    assert without_bad_char_refs("a&#2;b&#x1F;c&#xd800;d&#1114112;") == "a&#xFFFD;b&#xFFFD;c&#xFFFD;d&#xFFFD;"
    kept = "&#9;&#10;&#13;&#x41;&#20013;&#x4e2d;&amp;"
    assert without_bad_char_refs(kept) == kept


def test_an_email_autolink_markdown_spells_with_its_placeholders_renders_rich() -> None:
    """Markdown writes `<\\#@T>` as a mailto link whose references include its own \\x02/\\x03
    placeholders; lxml refused them and the post fell back to plain text with a logged traceback."""
    rendered = render_post({"title_text": "t"}, "<\\#@T>", clock=lambda: 0.0)
    assert rendered.fallback is None
