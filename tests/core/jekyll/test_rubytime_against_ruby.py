"""rubytime.parse_ruby_time against a running Ruby's `Time.parse` (issue 22, must-show 2).

Hypothesis writes dates in the forms real archives hold, and garbage, and each one goes
to Ruby and to the port, in two zones; the answers must be the same instant with the
same offset, or both must raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruby_oracle import RubyTimeOracle, agree, python_answer, ruby_path

from finews_desktop.core.jekyll.rubytime import _parse_iso_fast, ruby_time_parse

ZONES = ("Asia/Shanghai", "UTC")

pytestmark = pytest.mark.skipif(ruby_path() is None, reason="ruby is not installed (CI installs it with Jekyll)")


@pytest.fixture(scope="module")
def oracles() -> Iterator[dict[str, RubyTimeOracle]]:
    started = {name: RubyTimeOracle(name) for name in ZONES}
    yield started
    for oracle in started.values():
        oracle.close()


# --- the pieces real dates are made of ------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "sept")  # fmt: skip
DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "tues", "thurs")


@st.composite
def any_case(draw: st.DrawFn, word: str) -> str:
    style = draw(st.sampled_from(("lower", "upper", "title", "mixed")))
    if style == "lower":
        return word
    if style == "upper":
        return word.upper()
    if style == "title":
        return word.title()
    return "".join(c.upper() if draw(st.booleans()) else c for c in word)


def month_name() -> st.SearchStrategy[str]:
    word = st.sampled_from(MONTHS).flatmap(lambda m: st.sampled_from((m, m[:3], m[:3] + ".")))
    return word.flatmap(any_case)


def day_name() -> st.SearchStrategy[str]:
    word = st.sampled_from(DAYS).flatmap(lambda d: st.sampled_from((d, d[:3], d[:3] + ".", d[:3] + ",", d + ",")))
    return word.flatmap(any_case)


def padded(low: int, high: int, width: int) -> st.SearchStrategy[str]:
    return st.builds(lambda n, pad: str(n).zfill(width) if pad else str(n), st.integers(low, high), st.booleans())


years4 = st.one_of(st.integers(1900, 2100), st.integers(1, 9999)).map(lambda y: str(y).zfill(4))
years2 = st.integers(0, 99).map(lambda y: f"{y:02d}")
years = st.one_of(years4, years4, years4, years2, st.integers(100, 999).map(str))
months = st.one_of(padded(1, 12, 2), padded(1, 12, 2), padded(0, 13, 2))
days = st.one_of(padded(1, 28, 2), padded(1, 31, 2), padded(0, 32, 2))
hours = st.one_of(padded(0, 23, 2), padded(0, 25, 2))
minutes = st.one_of(padded(0, 59, 2).map(lambda s: s.zfill(2)), padded(0, 61, 2))
ampm = st.sampled_from(("AM", "PM", "am", "pm", "a.m.", "p.m.", "A.M.", "Pm"))
fraction = st.integers(0, 9999999).map(str).flatmap(lambda d: st.sampled_from(("." + d, "," + d, ".")))


@st.composite
def clock(draw: st.DrawFn) -> str:
    h, m = draw(hours), draw(minutes)
    text = f"{h}:{m}"
    if draw(st.booleans()):
        text += ":" + draw(minutes)
        if draw(st.integers(0, 4)) == 0:
            text += draw(fraction)
    if draw(st.integers(0, 3)) == 0:
        h12 = draw(padded(0, 13, 2))
        text = draw(st.sampled_from((f"{h12}:{m}", f"{h12}:{m}:{draw(minutes)}", h12)))
        text += draw(st.sampled_from(("", " "))) + draw(ampm)
    if draw(st.integers(0, 10)) == 0:
        text = draw(st.sampled_from((f"{h}h{m}m", f"{h}h", f"{h} h {m}")))
    return text


zone_words = st.sampled_from(
    [
        "UTC",
        "GMT",
        "Z",
        "UT",
        "EST",
        "EDT",
        "CST",
        "CDT",
        "MST",
        "MDT",
        "PST",
        "PDT",
        "CET",
        "CEST",
        "JST",
        "HKT",
        "BST",
        "IST",
        "Asia/Shanghai",
        "America/New_York",
        "Pacific Standard Time",
        "Eastern Daylight Time",
        "EST dst",
        "GMT+8",
        "UTC-05:00",
        "utc+0800",
        "PM",
        "am",
        "CCT",
        "XYZ",
        "abc",
    ]
)
zone_letters = st.sampled_from([chr(c) for c in range(ord("A"), ord("Z") + 1)]).flatmap(any_case)


@st.composite
def zone_offset(draw: st.DrawFn) -> str:
    sign = draw(st.sampled_from("+-"))
    h = draw(st.one_of(st.integers(0, 14), st.integers(0, 99)))
    m = draw(st.sampled_from((0, 0, 30, 45, 59, 60, 99)))
    form = draw(st.integers(0, 6))
    return [
        f"{sign}{h:02d}{m:02d}",
        f"{sign}{h:02d}:{m:02d}",
        f"{sign}{h:02d}",
        f"{sign}{h}",
        f"{sign}{h:02d}:{m:02d}:{m:02d}",
        f"{sign}{h:02d}{m:02d}{m:02d}",
        f"{sign}{h}.5",
    ][form]


zones = st.one_of(zone_words, zone_letters, zone_offset(), zone_offset())
separators = st.sampled_from((" ", " ", "  ", "T", "t", ", ", " at ", "\t", "_"))
trailing = st.one_of(
    years4,
    zone_words,
    st.sampled_from(
        [
            "2023",
            "BC",
            "b.c.",
            "AD",
            "CE",
            "bce",
            "1st",
            "22nd",
            "3rd",
            "4th",
            "'17",
            "w05",
            "+0800",
            "xx",
            "新闻",
            "年",
            "[+08:00]",
            "z",
            "12",
            "7",
            ".",
            "-",
            "/",
        ]
    ),
)


@st.composite
def date_part(draw: st.DrawFn) -> str:
    form = draw(st.integers(0, 21))
    if form >= 17:
        return draw(
            [
                st.builds(lambda y, m, d: f"{y}{m.zfill(2)}{d.zfill(2)}", years, months, days),
                st.builds(lambda y, n: f"{y}-{n}", years, padded(0, 400, 3)),
                st.builds(lambda y, w, d: f"{y}-W{w}-{d}", years, padded(1, 53, 2), st.integers(1, 7)),
                st.builds(
                    lambda e, n, m, d: f"{e}{n}.{m}.{d}",
                    st.sampled_from("MTSHRmtshr"),
                    st.integers(1, 64),
                    months,
                    days,
                ),
                st.builds(lambda m, d: f"--{m.zfill(2)}-{d.zfill(2)}", months, days),
            ][form - 17]
        )
    y, m, d = draw(years), draw(months), draw(days)
    name = draw(month_name()) if form >= 10 else ""
    ordinal = draw(st.sampled_from(("st", "nd", "rd", "th"))) if form == 15 else ""
    forms = [
        f"{y}-{m}-{d}",
        f"{y}-{m}-{d}",
        f"{d}-{m}-{y}",
        f"{m}-{d}-{y}",
        f"{y}/{m}/{d}",
        f"{m}/{d}/{y}",
        f"{d}/{m}/{y}",
        f"{m}/{d}",
        f"{d}.{m}.{y}",
        f"{y}.{m}.{d}",
        f"{name} {d}, {y}",
        f"{name} {d} {y}",
        f"{d} {name} {y}",
        f"{d}-{name}-{y}",
        f"{name}-{d}-{y}",
        f"{d}{ordinal} {name}",
        f"{name} {y}",
    ]
    return forms[form]


@st.composite
def real_date(draw: st.DrawFn) -> str:
    """A date in one of the shapes people and tools write, with optional weekday, time, zone and extras."""
    text = draw(date_part())
    if draw(st.integers(0, 4)) == 0:
        text = f"{draw(day_name())} {text}"
    if draw(st.integers(0, 3)) != 0:
        text = text + draw(separators) + draw(clock())
        if draw(st.booleans()):
            text += draw(st.sampled_from(("", " "))) + draw(zones)
    elif draw(st.integers(0, 5)) == 0:
        text = f"{draw(clock())} {text}"
    while draw(st.integers(0, 5)) == 5:
        text += draw(st.sampled_from((" ", "", ", "))) + draw(trailing)
    if draw(st.integers(0, 20)) == 0:
        text = draw(st.sampled_from(("  ", "\n", "\u3000", '"'))) + text + draw(st.sampled_from(("", " ", "\n")))
    return text


digit_runs = (
    st.integers(1, 16)
    .flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
    .flatmap(lambda s: st.sampled_from((s, "-" + s, s + "Z", s + "T1230", s + ".5", s + " +0800", s + "[-5:EST]")))
)
garbage = st.text(
    alphabet=st.sampled_from(
        list("0123456789 -/.:,+'TtZzapmAPMhsdjanfebmarmayoctdecsunmonwed年月日新\t[]_０１２ſ\u00a0٣Ⅻ")
    ),
    max_size=30,
)
odd = st.one_of(
    st.text(max_size=12),
    st.just(""),
    st.just("2022-05-20 " + "x" * 120),
    clock(),
    st.builds(lambda c, z: f"{c} {z}", clock(), zones),
    month_name(),
    day_name(),
)
date_strings = st.one_of(real_date(), real_date(), real_date(), real_date(), digit_runs, garbage, odd)


@settings(
    max_examples=10000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=date_strings)
def test_time_parse_agrees_with_ruby(oracles: dict[str, RubyTimeOracle], text: str) -> None:
    for name, oracle in oracles.items():
        ruby = oracle.parse(text)
        python = python_answer(text, ZoneInfo(name))
        assert agree(ruby, python), f"{text!r} in {name}: Ruby {ruby}, port {python}"


iso_like = st.builds(
    lambda y, m, d, sep, h, mi, s, z: f"{y}-{m}-{d}" + (f"{sep}{h}:{mi}:{s}{z}" if sep else ""),
    st.integers(0, 10000).map(lambda y: str(y).zfill(4)),
    st.integers(0, 13).map(lambda m: f"{m:02d}"),
    st.integers(0, 32).map(lambda d: f"{d:02d}"),
    st.sampled_from(("", " ", "T")),
    st.integers(0, 25).map(lambda h: f"{h:02d}"),
    st.integers(0, 61).map(lambda m: f"{m:02d}"),
    st.integers(0, 61).map(lambda s: f"{s:02d}"),
    st.one_of(st.just(""), st.builds(lambda sp, z: sp + z, st.sampled_from(("", " ")), zone_offset())),
)


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(text=iso_like)
def test_the_iso_fast_path_agrees_with_the_full_port(text: str) -> None:
    """The fast path for `YYYY-MM-DD HH:MM:SS +ZZZZ` answers exactly what the passes answer, or steps aside."""
    from ruby_oracle import NOW

    for name in ZONES:
        tz = ZoneInfo(name)
        fast = _parse_iso_fast(text, tz)
        if fast is not None:
            full = ruby_time_parse(text, tz, NOW)
            assert fast == full and fast.utcoffset() == full.astimezone(tz).utcoffset(), text
