"""Fuzzing the post reader: random and mutated posts never raise, never hang, and keep their bytes.

The normal suite runs a short profile; `FINEWS_FUZZ=long` (bench/fuzz.sh) runs
10,000 examples per target.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finews_desktop.core.content.postrow import SourceFile, prepare_post
from finews_desktop.core.jekyll.post import JekyllYamlLoader, load_front_matter_yaml, parse_post

REPO = Path(__file__).resolve().parents[3]
LONG = os.environ.get("FINEWS_FUZZ") == "long"
EXAMPLES = 10_000 if LONG else 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=not LONG)

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SEEDS = sorted((REPO / "tests" / "data" / "jekyll" / "site" / "_posts").glob("*.*"))
SEED_BYTES = [p.read_bytes() for p in SEEDS if p.is_file()][:120]

FRONT_MATTER_PIECES = [
    "---\n",
    "...\n",
    "title: ",
    "date: ",
    "categories: ",
    "tags: ",
    "tag: ",
    "category: ",
    "slug: ",
    "published: ",
    "permalink: ",
    "ext: ",
    '"',
    "'",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    ":sym",
    "2022-05-20 17:01:37 +0800",
    "2022-13-45",
    "25:00:00",
    "17:01:37",
    "-",
    "\t",
    "\n",
    "\r\n",
    "  ",
    "中文",
    "东财滚动新闻",
    "\ufeff",
    "\x00",
    "%",
    "#",
    "~",
    "null",
    "yes",
    "no",
    "0x1F",
    "1e3",
    ".inf",
]


def check(raw: bytes, name: str) -> None:
    post = parse_post(raw, f"_posts/{name}", TZ, NOW)
    prepared = prepare_post(raw, SourceFile("fuzz", f"_posts/{name}", name), TZ, NOW)
    assert prepared.raw == raw
    assert isinstance(post.builds, bool) and (post.builds or post.skip_reason)
    assert post.url is None or post.url.startswith("/")
    assert isinstance(prepared.title, str) and isinstance(prepared.plain_text, str)
    # everything stored as text must be valid text for SQLite and JSON
    for value in (
        prepared.title,
        prepared.jekyll_json,
        prepared.plain_text,
        prepared.url or "",
        *prepared.tags,
        *prepared.categories,
    ):
        value.encode("utf-8")


names = st.sampled_from(
    [
        "2022-05-20-post.md",
        "2022-5-2-x.markdown",
        "22-05-20-.md",
        "2022-02-30-a.txt",
        "-202205262391921712.md",
        "2022-05-20-中文 标题.html",
        "no-date.md",
    ]
)


@FUZZ
@given(raw=st.binary(max_size=2000), name=names)
def test_random_bytes(raw: bytes, name: str) -> None:
    check(raw, name)


@FUZZ
@given(
    pieces=st.lists(st.sampled_from(FRONT_MATTER_PIECES) | st.text(max_size=12), max_size=40),
    name=names,
    body=st.text(max_size=300),
)
def test_random_front_matter(pieces: list[str], name: str, body: str) -> None:
    check(("---\n" + "".join(pieces) + "\n---\n" + body).encode("utf-8", errors="surrogatepass"), name)


@FUZZ
@given(data=st.data(), name=names)
def test_mutated_real_posts(data: st.DataObject, name: str) -> None:
    raw = bytearray(data.draw(st.sampled_from(SEED_BYTES)))
    for _ in range(data.draw(st.integers(1, 8))):
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "dup"]))
        pos = data.draw(st.integers(0, max(0, len(raw) - 1)))
        if kind == "flip" and raw:
            raw[pos] = data.draw(st.integers(0, 255))
        elif kind == "insert":
            raw[pos:pos] = data.draw(st.sampled_from(FRONT_MATTER_PIECES)).encode("utf-8", errors="surrogatepass")
        elif kind == "delete":
            del raw[pos : pos + data.draw(st.integers(1, 16))]
        else:
            raw[pos:pos] = raw[pos : pos + data.draw(st.integers(1, 64))]
    check(bytes(raw), name)


def _constructor_reading(text: str) -> object:
    """The front matter as PyYAML's own constructor builds it (what _flat_mapping must equal)."""
    documents = yaml.load_all(text, Loader=JekyllYamlLoader)
    try:
        return next(documents, None)
    finally:
        documents.close()


_KEYS = st.sampled_from(["title", "date", "tags", "categories", "slug", "published", "1", "true", '"k"', "<<"])
_VALUES = st.sampled_from(
    ["东财滚动新闻", '"2022-05-20 17:01:37 +0800"', "2022-05-20 17:01:37 +0800", "2022-02-30", "1,000", "0x1F",
     "yes", "No", "~", "null", ".inf", "1e3", "'quoted'", ":sym", "&a x", "*a", "!!str 12", "[a, b]", "{a: 1}", ""]
)  # fmt: skip


@FUZZ
@given(st.lists(st.tuples(_KEYS, _VALUES), min_size=1, max_size=8))
def test_flat_front_matter_reads_as_the_yaml_constructor_does(items: list[tuple[str, str]]) -> None:
    text = "".join(f"{k}: {v}\n" for k, v in items)
    try:
        expected = _constructor_reading(text)
    except Exception as exc:  # the same error either way, in the same words (they go into the warning)
        with pytest.raises(type(exc)) as raised:
            load_front_matter_yaml(text)
        assert str(raised.value) == str(exc)
        return
    assert load_front_matter_yaml(text) == expected


_SCALARS = st.one_of(
    _VALUES,
    st.text(alphabet="0123456789-:+. TtZzeE_,xXoObBaefilnorsuy~!&*<", max_size=14),
    st.text(max_size=6),
)


@FUZZ
@given(_SCALARS, st.booleans(), st.booleans())
def test_the_loaders_own_resolver_tags_scalars_as_pyyaml_does(value: str, plain: bool, quoted: bool) -> None:
    """JekyllYamlLoader.resolve is a faster Resolver.resolve: the same tag for every scalar."""
    loader = JekyllYamlLoader("")
    try:
        expected = yaml.resolver.BaseResolver.resolve(loader, yaml.ScalarNode, value, (plain, quoted))
        assert loader.resolve(yaml.ScalarNode, value, (plain, quoted)) == expected
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, (plain, quoted)) == yaml.resolver.BaseResolver.resolve(
                loader, kind, None, (plain, quoted)
            )
    finally:
        loader.dispose()


_ZONES = ["Asia/Shanghai", "America/St_Johns", "Asia/Kolkata", "Australia/Eucla", "UTC", "America/Sao_Paulo"]


@FUZZ
@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
    st.sampled_from(_ZONES),
)
def test_dates_and_their_url_parts_are_shown_as_strftime_shows_them(moment: datetime, zone: str) -> None:
    """format_date and the URL's date numbers skip strftime; they must print what it prints
    (old dates in Asia/Shanghai have an offset in seconds: those go to strftime)."""
    from finews_desktop.core.jekyll import post as jekyll

    local = moment.astimezone(ZoneInfo(zone))
    assert jekyll.format_date(moment, ZoneInfo(zone)) == local.strftime("%Y-%m-%d %H:%M:%S %z")
    for name, number in jekyll._NUMERIC_DATE_PLACEHOLDERS.items():
        assert number(local) == local.strftime(jekyll._DATE_PLACEHOLDERS[name])


_TYPED = st.dictionaries(
    st.sampled_from(["title", "categories", "tags", "slug", "ext", "published"]),
    st.one_of(
        st.none(),
        st.booleans(),
        st.text(max_size=5),
        st.integers(),
        st.floats(),
        st.dates(),
        st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none()), max_size=3),
    ),
)


@FUZZ
@given(_TYPED)
def test_plain_typed_values_are_written_as_jekylls_json_without_conversion(typed: dict[str, object]) -> None:
    import json

    from finews_desktop.core.content import postrow as prepare

    if prepare._plain_json(typed):
        assert json.dumps(typed, ensure_ascii=False) == json.dumps(prepare._jsonable(typed, UTC), ensure_ascii=False)
