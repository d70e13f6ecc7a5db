"""A post as a citation (plain text and Markdown), and which stock codes are sector boards."""

from __future__ import annotations

from finews_desktop.core.content.citation import citation_of, markdown_citation, plain_citation
from finews_desktop.core.content.stocks import is_sector_board, stock_label

RECORD = {
    "title_text": "明确行动目标 [碳中和] 白皮书",
    "tags": ["证券日报网新闻"],
    "categories": ["zhengquanribaowang"],
    "date": "2022-05-20 17:01:37 +0800",
    "source_url": "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205202386666750",
    "url": "/zhengquanribaowang/2022/05/20/202205202386666750.html",
}


def test_plain_citation_has_title_source_date_and_link() -> None:
    text = plain_citation(citation_of(RECORD))
    assert text == (
        "明确行动目标 [碳中和] 白皮书. 证券日报网新闻, 2022-05-20 17:01. "
        "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205202386666750"
    )


def test_markdown_citation_escapes_the_title_and_links_it() -> None:
    text = markdown_citation(citation_of(RECORD))
    assert text.startswith("[明确行动目标 \\[碳中和\\] 白皮书](<http://finews.zning.xyz/")
    assert text.endswith(") — 证券日报网新闻, 2022-05-20 17:01")


def test_a_post_without_tags_or_source_link_cites_its_category_and_archive_url() -> None:
    record = {**RECORD, "tags": [], "source_url": None, "category_names": {"zhengquanribaowang": "证券日报网"}}
    c = citation_of(record)
    assert (c.source, c.link) == ("证券日报网", RECORD["url"])
    assert markdown_citation(citation_of({"title_text": "T"})) == "T"


def test_sector_boards_and_stock_labels() -> None:
    assert is_sector_board("BK0473") and is_sector_board("bk1234")
    assert not is_sector_board("600160") and not is_sector_board("NIO")
    assert stock_label("600160", "巨化股份") == "巨化股份 600160"
    assert stock_label("601138", None) == "601138"
    assert stock_label("601138", "", {"601138": "工业富联"}) == "工业富联 601138"
