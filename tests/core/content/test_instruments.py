"""East Money's (market, code) as instruments: every form the finews corpus holds, generated ones, unknown markets
kept as they are; and the name rule (the most frequent name wins)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from finews_desktop.core.content import instruments
from finews_desktop.core.content.instruments import Instrument, from_symbol, instrument, preferred_name
from finews_desktop.core.content.newsitem import read_news_item
from finews_desktop.core.jekyll.post import decode_post_bytes, split_front_matter

# every (market, code) the corpus's posts name, with the instrument each is
CORPUS_INSTRUMENTS = {
    ("1", "600160"): ("600160.SH", "stock"),
    ("1", "600636"): ("600636.SH", "stock"),
    ("1", "601138"): ("601138.SH", "stock"),
    ("0", "300343"): ("300343.SZ", "stock"),
    ("106", "NIO"): ("NIO.US", "stock"),
    ("90", "BK0493"): ("BK0493", "board"),
    ("90", "BK0473"): ("BK0473", "board"),
    ("90", "BK0839"): ("BK0839", "board"),
}
_RAW_FORMS = re.compile(r"""data-code=["']?([^"'\s>]+)""")


def _corpus_mentions(corpus: Path) -> tuple[set[tuple[str, str]], set[str]]:
    """(market, code) pairs as the import reads them from every post file, and every raw data-code value."""
    pairs: set[tuple[str, str]] = set()
    raw_values: set[str] = set()
    for path in sorted(corpus.rglob("*.md")):
        text = decode_post_bytes(path.read_bytes())[0]
        body = text[split_front_matter(text)[2] :]
        pairs |= {(s.market, s.code) for s in read_news_item(body, path.name).stocks}
        raw_values |= set(_RAW_FORMS.findall(body))
    return pairs, raw_values


def test_every_code_in_the_finews_corpus_is_an_instrument(finews_corpus: Path) -> None:
    pairs, raw_values = _corpus_mentions(finews_corpus)
    assert pairs == set(CORPUS_INSTRUMENTS)  # a new form in the corpus needs its line above
    for (market, code), (symbol, kind) in CORPUS_INSTRUMENTS.items():
        assert instrument(market, code) == Instrument(market, code, symbol, kind)
    # both raw forms are there and each names one of the pairs: 1,600160 and 601138|1|1
    forms = {("comma" if "," in v else "pipe") for v in raw_values if "," in v or "|" in v}
    assert forms == {"comma", "pipe"}
    for value in raw_values:
        if "," in value:
            market, code = value.split(",", 1)
        elif "|" in value:
            code, market = value.split("|")[:2]
        else:
            continue
        assert (market, code) in CORPUS_INSTRUMENTS


def test_the_issues_examples() -> None:
    assert instrument("1", "600160").symbol == "600160.SH"
    assert instrument("0", "300343").symbol == "300343.SZ"
    assert instrument("116", "00700") == Instrument("116", "00700", "00700.HK", "stock")
    assert instrument("106", "NIO") == Instrument("106", "NIO", "NIO.US", "stock")
    assert instrument("105", "aapl").symbol == "AAPL.US"
    assert instrument("90", "BK0493") == Instrument("90", "BK0493", "BK0493", "board")
    assert instrument("1", "000001") == Instrument("1", "000001", "000001.SH", "index")  # 上证指数
    assert instrument("0", "000001") == Instrument("0", "000001", "000001.SZ", "stock")  # 平安银行
    assert instrument("0", "399006").kind == "index"
    assert instrument("1", "510300") == Instrument("1", "510300", "510300.SH", "fund")
    assert instrument("0", "159915").kind == "fund"
    assert instrument("1", "113050").kind == "bond"
    assert instrument("0", "830799") == Instrument("0", "830799", "830799.BJ", "stock")
    assert instrument("1", "688981").symbol == "688981.SH"
    assert instrument("100", "HSI") == Instrument("100", "HSI", None, "index")
    assert instrument("1", "1.2").symbol is None  # not a six-digit code: no symbol made up


_KNOWN = ("0", "1", "90", "100", "105", "106", "107", "116")
_codes = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ._", min_size=1, max_size=12)


@given(st.integers(0, 999).map(str).filter(lambda m: m not in _KNOWN), _codes)
def test_unknown_markets_are_kept_as_they_are(market: str, code: str) -> None:
    assert instrument(market, code) == Instrument(market, code, None, "unknown")


@given(st.sampled_from(("0", "1")), st.integers(0, 999_999).map(lambda n: f"{n:06d}"))
def test_shanghai_and_shenzhen_codes_get_their_exchanges_suffix_and_read_back(market: str, code: str) -> None:
    found = instrument(market, code)
    assert found.symbol is not None and found.symbol.split(".")[0] == code
    assert found.symbol.endswith(".SH" if market == "1" else (".SZ", ".BJ"))
    assert found.kind in ("stock", "index", "fund", "bond", "other")
    assert from_symbol(found.symbol) == (market, code)


@given(st.integers(1, 99_999).map(lambda n: f"{n:05d}"))
def test_hong_kong_codes_read_back(code: str) -> None:
    symbol = instrument("116", code).symbol
    assert symbol == f"{code}.HK" and from_symbol(symbol) == ("116", code)


@given(st.sampled_from(sorted(instruments.US_MARKETS)), st.from_regex(r"[A-Z]{1,5}", fullmatch=True))
def test_us_codes_name_no_exchange_in_their_symbol(market: str, code: str) -> None:
    symbol = instrument(market, code).symbol
    assert symbol == f"{code}.US" and from_symbol(symbol) == ("", code)


def test_from_symbol_refuses_what_is_no_symbol() -> None:
    assert from_symbol("600160") is None and from_symbol("巨化股份") is None and from_symbol("1.600160") is None


def test_the_most_frequent_name_wins_and_blank_names_count_for_nothing() -> None:
    assert preferred_name(["…", "巨化股份", None, "巨化股份", " "]) == "巨化股份"
    assert preferred_name([None, ""]) is None
    assert preferred_name(["B", "A"]) == "A"  # a tie: the smallest, whatever the order


@given(st.lists(st.sampled_from(["巨化股份", "巨化", "…", "", None]), max_size=30))
def test_the_winner_is_given_at_least_as_often_as_any_other(names: list[str | None]) -> None:
    won = preferred_name(names)
    given_names = [n for n in names if n]
    if not given_names:
        assert won is None
    else:
        assert won is not None and all(given_names.count(won) >= given_names.count(n) for n in given_names)
