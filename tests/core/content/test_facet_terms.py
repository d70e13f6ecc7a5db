"""A click on a sidebar entry: show, then exclude; Ctrl+click combines (core/content/facet_terms.py)."""

from __future__ import annotations

from finews_desktop.core.content.facet_terms import facet_click


def test_a_click_shows_the_entry_and_a_second_click_excludes_it() -> None:
    assert facet_click("碳中和", "tag:东财", combine=False) == "tag:东财"
    assert facet_click("tag:东财", "tag:东财", combine=False) == "-tag:东财"
    assert facet_click("-tag:东财", "tag:东财", combine=False) == "tag:东财"
    assert facet_click("anything", "", combine=False) == ""  # "All posts"


def test_ctrl_click_combines_then_excludes_then_drops() -> None:
    assert facet_click("碳中和", "tag:东财", combine=True) == "碳中和 tag:东财"
    assert facet_click("碳中和 tag:东财", "tag:东财", combine=True) == "碳中和 -tag:东财"
    assert facet_click("碳中和 -tag:东财", "tag:东财", combine=True) == "碳中和"
    assert facet_click("", "date:2022", combine=True) == "date:2022"


def test_terms_are_matched_whole() -> None:
    assert facet_click("tag:东财滚动新闻", "tag:东财", combine=True) == "tag:东财滚动新闻 tag:东财"
    assert facet_click('tag:"A B" x', 'tag:"A B"', combine=True) == '-tag:"A B" x'
    assert facet_click("date:2022-05", "date:2022", combine=True) == "date:2022-05 date:2022"
