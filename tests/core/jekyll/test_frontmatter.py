"""Rewriting front matter key by key: only the changed lines move, Jekyll reads the new values."""

from __future__ import annotations

import codecs
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from finews_desktop.core.errors import KnownError
from finews_desktop.core.jekyll import post as jekyll
from finews_desktop.core.jekyll.frontmatter import (
    FrontMatterEditError,
    coerce_date,
    format_jekyll_date,
    renamed_for_date,
    render_scalar,
    rewrite_post,
)

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=TZ)
PATH = "_posts/2022-05-20-202205202386666750.md"
FINEWS = (
    '---\nlayout: post\ntitle: "明确行动目标达成方案 工业富联首次发布碳中和白皮书"\n'
    "date: 2022-05-20 17:01:37 +0800\ncategories: zhengquanribaowang\ntags: 证券日报网新闻\n---\n"
    "<p>正文</p>\n\n<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205202386666750>"
)


def rewrite(text: str | bytes, path: str = PATH, **kwargs):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return rewrite_post(raw, path, TZ, now=NOW, **kwargs)


def parsed(raw: bytes, path: str = PATH) -> jekyll.ParsedPost:
    return jekyll.parse_post(raw, path, TZ, NOW)


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.split("\n"), after.split("\n")
    assert len(a) == len(b), (before, after)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


# --- the finews shape ---------------------------------------------------------------


def test_title_stays_double_quoted_in_place_and_nothing_else_moves() -> None:
    out = rewrite(FINEWS, title='He said "碳中和" \\ ok')
    text = out.raw.decode()
    assert changed_lines(FINEWS, text) == [
        ('title: "明确行动目标达成方案 工业富联首次发布碳中和白皮书"', 'title: "He said \\"碳中和\\" \\\\ ok"')
    ]
    assert parsed(out.raw).title == 'He said "碳中和" \\ ok'
    assert out.keys == ("title",)


def test_tags_keep_the_space_separated_form() -> None:
    out = rewrite(FINEWS, tags=["证券日报网新闻", "精选"])
    assert changed_lines(FINEWS, out.raw.decode()) == [("tags: 证券日报网新闻", "tags: 证券日报网新闻 精选")]
    assert parsed(out.raw).tags == ["证券日报网新闻", "精选"]


def test_a_name_with_a_space_turns_the_string_into_a_flow_list() -> None:
    out = rewrite(FINEWS, categories=["Career In touxingPEVC", "emnews"])
    assert changed_lines(FINEWS, out.raw.decode()) == [
        ("categories: zhengquanribaowang", "categories: [Career In touxingPEVC, emnews]")
    ]
    assert parsed(out.raw).categories == ["Career In touxingPEVC", "emnews"]


def test_date_is_an_unquoted_jekyll_date_in_the_site_timezone() -> None:
    new = datetime(2022, 5, 20, 23, 30, tzinfo=UTC)  # next day in Shanghai
    out = rewrite(FINEWS, date=new)
    assert changed_lines(FINEWS, out.raw.decode()) == [
        ("date: 2022-05-20 17:01:37 +0800", "date: 2022-05-21 07:30:00 +0800")
    ]
    assert parsed(out.raw).date == new


def test_a_date_without_offset_is_rewritten_with_one() -> None:
    text = FINEWS.replace("2022-05-20 17:01:37 +0800", "2021-12-08 10:46:18")
    out = rewrite(text, date="2021-12-08 10:46:18")  # text means site-local time
    assert "date: 2021-12-08 10:46:18 +0800\n" in out.raw.decode()
    assert "null" not in out.raw.decode() and '"2021' not in out.raw.decode()


def test_quoted_date_is_never_requoted() -> None:
    text = FINEWS.replace("date: 2022-05-20 17:01:37 +0800", 'date: "2022-05-20 17:01:37"')
    out = rewrite(text, date=datetime(2023, 1, 1, 8, 0, tzinfo=TZ))
    assert "\ndate: 2023-01-01 08:00:00 +0800\n" in out.raw.decode()


def test_fatal_empty_date_can_be_fixed_keeping_its_spacing() -> None:
    text = FINEWS.replace("date: 2022-05-20 17:01:37 +0800", "date:  +0800")
    assert parsed(text.encode()).skip_reason == "fatal_date"
    out = rewrite(text, date=datetime(2022, 5, 26, 9, 0, tzinfo=TZ))
    assert "\ndate:  2022-05-26 09:00:00 +0800\n" in out.raw.decode()
    assert parsed(out.raw).builds


# --- bytes around the edit ---------------------------------------------------------------


def test_crlf_bom_comments_order_and_body_are_kept() -> None:
    text = (
        "---\r\n# a comment\r\nlayout: post  # trailing\r\ntitle: 'single'\r\n\r\ntags:\r\n  - a\r\n  - \"b\"\r\n"
        "# between\r\nextra: 1\r\n---\r\nbody\r\n---\r\nmore\r\n"
    )
    raw = codecs.BOM_UTF8 + text.encode()
    out = rewrite(raw, title="it's", tags=["x", "y z"])
    assert out.raw.startswith(codecs.BOM_UTF8)
    new = out.raw[3:].decode()
    assert new == text.replace("title: 'single'", "title: 'it''s'").replace('  - a\r\n  - "b"', '  - x\r\n  - "y z"')
    p = parsed(out.raw)
    assert p.title == "it's" and p.tags == ["x", "y z"] and p.body == "body\r\n---\r\nmore\r\n"


def test_new_keys_go_before_the_closing_line_with_the_files_line_ends() -> None:
    text = "---\r\nlayout: post\r\n---\r\nbody"
    out = rewrite(text, title="T", tags=["a"], extra={"author": "ZNing"})
    assert out.raw.decode() == "---\r\nlayout: post\r\ntitle: T\r\ntags: a\r\nauthor: ZNing\r\n---\r\nbody"


def test_indented_mapping_gets_new_keys_at_its_indent() -> None:
    out = rewrite("---\n  layout: post\n---\nbody", title="T")
    assert out.raw.decode() == "---\n  layout: post\n  title: T\n---\nbody"


def test_removed_keys_lose_their_lines_and_only_them() -> None:
    text = "---\nlayout: post\nlist:\n  - a\n  - b\nlit: |\n  one\n  two\nkeep: 1 # c\n---\nbody"
    out = rewrite(text, remove_keys=["list", "lit", "absent"])
    assert out.raw.decode() == "---\nlayout: post\nkeep: 1 # c\n---\nbody"


def test_a_file_without_front_matter_gets_one() -> None:
    body = "\n---\nlayout: post\ntitle: fake\n---\nbody"  # a blank first line: Jekyll sees no front matter
    path = "_posts/2021-12-08-202112082206703990.md"
    assert parsed(body.encode(), path).front_matter is None
    out = rewrite(body, path, title="真的标题", categories=["emnews"])
    assert out.raw.decode() == "---\ntitle: 真的标题\ncategories: emnews\n---\n" + body
    p = parsed(out.raw, path)
    assert (p.title, p.categories) == ("真的标题", ["emnews"])
    assert p.body == body.lstrip("\n")  # Jekyll's closing line swallows blank lines after it


def test_empty_front_matter_and_empty_values() -> None:
    out = rewrite("---\n---\nbody", title="x")
    assert out.raw.decode() == "---\ntitle: x\n---\nbody"
    out = rewrite("---\ntags:\ntitle: t\n---\n", tags=["a", "b"])
    assert out.raw.decode() == "---\ntags: a b\ntitle: t\n---\n"
    out = rewrite("---\ntags: # none yet\n---\n", tags=["a"])
    assert out.raw.decode() == "---\ntags: a # none yet\n---\n"


def test_block_and_flow_lists_keep_their_form() -> None:
    out = rewrite("---\ntags: [a, b]\n---\n", tags=["c", "2022", "d e"])
    assert out.raw.decode() == '---\ntags: [c, "2022", d e]\n---\n'
    out = rewrite("---\ncategories:\n- a\n- b\n---\n", categories=["x"])
    assert out.raw.decode() == "---\ncategories:\n- x\n---\n"
    out = rewrite("---\ntags:\n    - a\nx: 1\n---\n", tags=["p", "q"])
    assert out.raw.decode() == "---\ntags:\n    - p\n    - q\nx: 1\n---\n"
    out = rewrite("---\ntags:\n  - a\nx: 1\n---\n", tags=[])
    assert out.raw.decode() == "---\ntags: []\nx: 1\n---\n"


def test_values_psych_would_type_are_quoted() -> None:
    for value in ["2022", "1,000", "yEs", "off", "~", "2022-5-20", "12:30", ":sym", ".5", "0x1F", "-1.5"]:
        text = render_scalar(value)
        assert text.startswith('"'), value
        assert jekyll.load_front_matter_yaml(f"k: {text}") == {"k": value}
    assert render_scalar("36Ke") == "36Ke" and render_scalar("v1.0") == "v1.0"
    out = rewrite(FINEWS, tags=["2022"])  # plain `tags: 2022` would read as no tags at all
    assert '\ntags: "2022"\n' in out.raw.decode()
    assert parsed(out.raw).tags == ["2022"]


def test_title_keeps_plain_style_when_it_can() -> None:
    out = rewrite("---\ntitle: plain\n---\n", title="still plain")
    assert out.raw.decode() == "---\ntitle: still plain\n---\n"
    out = rewrite("---\ntitle: plain\n---\n", title="a: b # c\nd")
    assert out.raw.decode() == '---\ntitle: "a: b # c\\nd"\n---\n'
    out = rewrite("---\ntitle: >\n  folded\n  text\nx: 1\n---\n", title="new")
    assert out.raw.decode() == '---\ntitle: "new"\nx: 1\n---\n'


def test_control_and_unicode_line_breaks_are_escaped() -> None:
    title = "a\x00b\x07c\u2028d\x85e\ufefff"
    out = rewrite(FINEWS, title=title)
    assert parsed(out.raw).title == title
    assert out.raw.decode().count("\n") == FINEWS.count("\n")


# --- singular keys, folders -------------------------------------------------------------


def test_singular_tag_is_rewritten_or_replaced() -> None:
    out = rewrite("---\ntag: foo bar\n---\n", tags=["one thing"])
    assert out.raw.decode() == "---\ntag: one thing\n---\n"
    out = rewrite("---\ntag: foo\n---\n", tags=["a", "b"])
    assert out.raw.decode() == "---\ntags: a b\n---\n"
    p = parsed(out.raw)
    assert p.tags == ["a", "b"]
    out = rewrite("---\ntag: foo\ntags: x y\n---\n", tags=["x"])  # tag wins in Jekyll: it must go
    assert out.raw.decode() == "---\ntags: x\n---\n"


def test_singular_category_is_merged_into_categories() -> None:
    out = rewrite("---\ncategories: a\ncategory: b\n---\n", categories=["c", "d"])
    assert out.raw.decode() == "---\ncategories: c d\n---\n"
    out = rewrite("---\ncategory: only one\n---\n", categories=["still one"])
    assert out.raw.decode() == "---\ncategory: still one\n---\n"


def test_folder_categories_stay_in_the_folders() -> None:
    path = "news/_posts/2022-05-20-x.md"
    out = rewrite("---\ncategories: a\n---\n", path, categories=["news", "b"])
    assert (out.raw.decode(), out.site_path) == ("---\ncategories: b\n---\n", path)
    out = rewrite("---\ncategories: a\n---\n", path, categories=["b"])  # 'news' removed: out of the folder
    assert (out.raw.decode(), out.site_path) == ("---\ncategories: b\n---\n", "_posts/2022-05-20-x.md")
    assert parsed(out.raw, out.site_path).categories == ["b"]


def test_renamed_for_date() -> None:
    day = datetime(2023, 1, 2, 0, 30, tzinfo=TZ)
    assert renamed_for_date("_posts/2022-05-20-x.md", day, TZ) == "_posts/2023-01-02-x.md"
    assert renamed_for_date("a/_posts/2017-2-5-x.md", datetime(2017, 2, 5, 9, tzinfo=TZ), TZ) == (
        "a/_posts/2017-2-5-x.md"
    )
    assert renamed_for_date("_posts/-202205262391921712.md", day, TZ) == "_posts/-202205262391921712.md"
    assert renamed_for_date("_posts/22-05-20-x.md", datetime(2022, 5, 20, tzinfo=TZ), TZ) == "_posts/22-05-20-x.md"


def test_dates() -> None:
    assert format_jekyll_date(datetime(2022, 5, 20, 9, 1, 37, tzinfo=UTC), TZ) == "2022-05-20 17:01:37 +0800"
    assert format_jekyll_date(datetime(2022, 5, 20, 9, 1, 37, 500000, tzinfo=UTC), TZ) == (
        "2022-05-20 17:01:37.5 +0800"
    )
    lmt = datetime(1900, 1, 1, tzinfo=UTC)  # Shanghai's local mean time has seconds in its offset
    assert format_jekyll_date(lmt, TZ) == "1900-01-01 00:00:00 +0000"
    assert coerce_date("2022-05-20 17:01:37", TZ) == datetime(2022, 5, 20, 17, 1, 37, tzinfo=TZ)
    assert coerce_date(datetime(2022, 5, 20, 17, 1, 37), TZ).utcoffset() == timedelta(hours=8)
    west = datetime(2022, 5, 20, 4, 1, 37, tzinfo=timezone(timedelta(hours=-5)))
    out = rewrite(FINEWS, date=west)
    assert "date: 2022-05-20 17:01:37 +0800" in out.raw.decode()
    with pytest.raises(KnownError):
        coerce_date("not a date", TZ)


# --- refusals ------------------------------------------------------------------------------


def test_not_utf8_is_refused() -> None:
    with pytest.raises(FrontMatterEditError, match="not UTF-8"):
        rewrite("---\ntitle: 标题\n---\n".encode("gbk"), title="x")


def test_broken_yaml_is_refused() -> None:
    with pytest.raises(FrontMatterEditError, match="fix it"):
        rewrite("---\ntitle: foo: bar\n\tx\n---\n", title="x")
    with pytest.raises(FrontMatterEditError):
        rewrite("---\ncategories: 2022\n---\n", title="x")


def test_flow_mapping_and_aliases_are_refused() -> None:
    with pytest.raises(FrontMatterEditError, match="mapping"):
        rewrite("---\n{title: a, tags: b}\n---\n", title="x")
    with pytest.raises(FrontMatterEditError, match="alias"):
        rewrite("---\nbase: &t hello\ntitle: *t\n---\n", title="x")


def test_arguments_are_checked() -> None:
    with pytest.raises(KnownError):
        rewrite(FINEWS, extra={"title": "x"})
    with pytest.raises(KnownError):
        rewrite(FINEWS, extra={"a": 1}, remove_keys=["a"])
    with pytest.raises(KnownError):
        rewrite(FINEWS, tags=["ok", "  "])
    with pytest.raises(TypeError):
        rewrite(FINEWS, tags="a b")


def test_extra_values_and_untouched_keys() -> None:
    out = rewrite(FINEWS, extra={"published": False, "slug": "2022", "meta": {"a": [1, "b c"]}, "layout": "page"})
    p = parsed(out.raw)
    assert p.front_matter is not None
    assert p.front_matter["published"] is False and p.front_matter["slug"] == "2022"
    assert p.front_matter["meta"] == {"a": [1, "b c"]} and p.layout == "page"
    assert p.title == "明确行动目标达成方案 工业富联首次发布碳中和白皮书"
    assert out.raw.decode().startswith("---\nlayout: page\n")


def test_a_value_below_its_key_and_comments_is_replaced_after_the_colon() -> None:
    out = rewrite("---\ntitle:\n# a comment\n- null\nx: 1\n---\n", title="")
    assert out.raw.decode() == '---\ntitle: ""\n# a comment\nx: 1\n---\n'
    out = rewrite("---\ntags: # c\n  - a\nx: 1\n---\n", tags=[])
    assert out.raw.decode() == "---\ntags: [] # c\nx: 1\n---\n"
    out = rewrite("---\nmeta:\n  a: 1\n  b: [2]\nx: 1\n---\n", extra={"meta": {"c": 3}})
    assert out.raw.decode() == "---\nmeta: {c: 3}\nx: 1\n---\n"
