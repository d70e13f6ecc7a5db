"""Ruby's `Date._parse` (ext/date/date_parse.c of the date gem 3.2.2, Ruby 3.1), pass for pass.

Jekyll reads every date it did not get from YAML through Ruby's `Time.parse`, which
starts with `Date._parse`: a fixed chain of regular-expression passes that each cut
the part they understood out of the text. This is a compatibility mirror of that one
algorithm, not a general date parser: the same patterns in the same order, with the
same quirks (`11-9-2017` is day first, a trailing `2023` after a time is ignored), so
the reader decides what real Jekyll decides. Only what `Time.parse` reads is kept:
`date_zone_to_diff` (the `:offset` key) is not ported, because `Time.parse` looks at
the `:zone` text alone and resolves it with its own `zone_offset`.

Ruby's regexps differ from Python's in their character classes: `\\d`, `\\s` and
`\\h` are ASCII in Ruby while `\\b` and `[[:alpha:]]` are Unicode, so the patterns
below spell out `[0-9]` and `[ \\t\\n\\v\\f\\r]` and keep Python's Unicode `\\b`.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

DateHash = dict[str, Any]
"""The hash `Date._parse` returns: year, mon, mday, yday, hour, min, sec, sec_fraction, zone, …"""

_ABBR_DAYS = "sun|mon|tue|wed|thu|fri|sat"
_ABBR_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_ALPHA = "@ALPHA@"  # [[:alpha:]], which stays Unicode in Ruby
_ERA = "c(?:e|\\.e\\.)|b(?:ce|\\.c\\.e\\.)|a(?:d|\\.d\\.)|b(?:c|\\.c\\.)"
_ASCII_CLASSES = {"d": "0-9", "s": " \\t\\n\\v\\f\\r"}


def _rx(source: str, ignore_case: bool = True) -> re.Pattern[str]:
    """A pattern of date_parse.c in Python's syntax: Ruby's `\\d`, `\\D`, `\\s`, `\\S` are ASCII."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            esc = source[i + 1]
            if esc.lower() in _ASCII_CLASSES:
                inner = _ASCII_CLASSES[esc.lower()]
                if in_class:
                    assert esc.islower(), "a negated class inside a class"
                    out.append(inner)
                else:
                    out.append(f"[{'^' if esc.isupper() else ''}{inner}]")
            else:
                out.append(source[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
            if source[i + 1 : i + 2] == "^":
                out.append("[^")
                i += 2
                if source[i : i + 1] == "]":
                    out.append("\\]")
                    i += 1
                continue
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    translated = "".join(out).replace("@ALPHA@", "[^\\W\\d_]")
    return re.compile(translated, re.IGNORECASE if ignore_case else 0)


def _is_ascii_digit(ch: str) -> bool:
    return "0" <= ch <= "9"


def _digit_span(s: str, start: int) -> int:
    i = start
    while i < len(s) and _is_ascii_digit(s[i]):
        i += 1
    return i - start


def _cstr2num(text: str) -> int:
    """rb_cstr_to_inum(s, 10, 0) on `[sign]digits`: a lone sign is 0."""
    digits = text.lstrip("+-")
    value = int(digits) if digits else 0
    return -value if text.startswith("-") else value


def _s3e(h: DateHash, y: str | None, m: str | int | None, d: str | None, bc: bool) -> None:
    """s3e: decide which of three numbers is the year, the month and the day."""
    comp: bool | None = None
    if m is not None and not isinstance(m, str):
        m = str(m)
    if y is not None and m is not None and d is None:
        y, m, d = d, y, m
    if y is None:
        if d is not None and len(d.encode()) > 2:
            y, d = d, None
        if d is not None and d[:1] == "'":
            y, d = d, None
    if y is not None:
        s = 0
        while s < len(y) and y[s] not in "+-" and not _is_ascii_digit(y[s]):
            s += 1
        if s < len(y):
            bp = s
            if y[s] in "+-":
                s += 1
            ep = s + _digit_span(y, s)
            if ep < len(y):
                digits = y[bp:ep]
                y, d = d, digits
    if m is not None and (m[:1] == "'" or len(m.encode()) > 2):
        y, m, d = m, d, y  # us -> be
    if d is not None and (d[:1] == "'" or len(d.encode()) > 2):
        y, d = d, y
    if y is not None:
        s = 0
        while s < len(y) and y[s] not in "+-" and not _is_ascii_digit(y[s]):
            s += 1
        if s < len(y):
            bp = s
            if y[s] in "+-":
                s += 1
                comp = False
            span = _digit_span(y, s)
            if span > 2:
                comp = False
            h["year"] = _cstr2num(y[bp : s + span])
    if bc:
        h["_bc"] = True
    if m is not None:
        s = 0
        while s < len(m) and not _is_ascii_digit(m[s]):
            s += 1
        if s < len(m):
            h["mon"] = int(m[s : s + _digit_span(m, s)])
    if d is not None:
        s = 0
        while s < len(d) and not _is_ascii_digit(d[s]):
            s += 1
        if s < len(d):
            h["mday"] = int(d[s : s + _digit_span(d, s)])
    if comp is not None:
        h["_comp"] = comp


def _day_num(s: str) -> int:
    return _ABBR_DAYS.split("|").index(s[:3].lower())


def _mon_num(s: str) -> int:
    return _ABBR_MONTHS.split("|").index(s[:3].lower()) + 1


def _is_bc(b: str | None) -> bool:
    return b is not None and b[:1] in "Bb"


class _Text:
    """The string date__parse works on: each pass that matches blanks out what it read (subx)."""

    def __init__(self, text: str) -> None:
        self.s = text

    def sub(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        m = pattern.search(self.s)
        if m is not None:
            self.s = self.s[: m.start()] + " " + self.s[m.end() :]
        return m

    def has(
        self, alpha: bool = False, digit: bool = False, dash: bool = False, dot: bool = False, slash: bool = False
    ) -> bool:
        """HAVE_ELEM_P: check_class on the current text (ASCII letters and digits only, as C's isalpha)."""
        s = self.s
        return (
            (not alpha or any("a" <= c <= "z" or "A" <= c <= "Z" for c in s))
            and (not digit or any(_is_ascii_digit(c) for c in s))
            and (not dash or "-" in s)
            and (not dot or "." in s)
            and (not slash or "/" in s)
        )


_DAY_RE = _rx(f"\\b({_ABBR_DAYS})[^-/\\d\\s]*")


def _parse_day(t: _Text, h: DateHash) -> bool:
    """parse_day"""
    m = t.sub(_DAY_RE)
    if m is None:
        return False
    h["wday"] = _day_num(m.group(1))
    return True


_TIME_RE = _rx(
    "("
    "(?:"
    "\\d+\\s*:\\s*\\d+"
    "(?:"
    "\\s*:\\s*\\d+(?:[,.]\\d*)?"
    ")?"
    "|"
    "\\d+\\s*h(?:\\s*\\d+m?(?:\\s*\\d+s?)?)?"
    ")"
    "(?:"
    "\\s*"
    "[ap](?:m\\b|\\.m\\.)"
    ")?"
    "|"
    "\\d+\\s*[ap](?:m\\b|\\.m\\.)"
    ")"
    "(?:"
    "\\s*"
    "("
    "(?:gmt|utc?)?[-+]\\d+(?:[,.:]\\d+(?::\\d+)?)?"
    "|"
    f"(?-i:(?:{_ALPHA}|[.\\s])+)(?:standard|daylight)\\stime\\b"
    "|"
    f"(?-i:{_ALPHA}+)(?:\\sdst)?\\b"
    ")"
    ")?"
)
_TIME2_RE = _rx(
    "\\A(\\d+)h?(?:\\s*:?\\s*(\\d+)m?(?:\\s*:?\\s*(\\d+)(?:[,.](\\d+))?s?)?)?(?:\\s*([ap])(?:m\\b|\\.m\\.))?"
)


def _parse_time(t: _Text, h: DateHash) -> bool:
    """parse_time, parse_time_cb and parse_time2_cb"""
    m = t.sub(_TIME_RE)
    if m is None:
        return False
    if m.group(2) is not None:
        h["zone"] = m.group(2)
    m2 = _TIME2_RE.search(m.group(1))
    if m2 is None:
        return True
    hour = int(m2.group(1))
    if m2.group(5) is not None:
        if hour > 2**31 - 1:
            raise OverflowError("integer too big to convert to 'int'")  # NUM2INT
        hour = hour % 12 + (12 if m2.group(5) in "Pp" else 0)
    h["hour"] = hour
    if m2.group(2) is not None:
        h["min"] = int(m2.group(2))
    if m2.group(3) is not None:
        h["sec"] = int(m2.group(3))
    if m2.group(4) is not None:
        h["sec_fraction"] = Fraction(int(m2.group(4)), 10 ** len(m2.group(4)))
    return True


_EU_RE = _rx(
    f"('?\\d+)[^-\\d\\s]*\\s*({_ABBR_MONTHS})[^-\\d\\s']*(?:\\s*({_ERA})?\\s*('?-?\\d+(?:(?:st|nd|rd|th)\\b)?))?"
)
_US_RE = _rx(f"\\b({_ABBR_MONTHS})[^-\\d\\s']*\\s*('?\\d+)[^-\\d\\s']*(?:\\s*,?\\s*({_ERA})?\\s*('?-?\\d+))?")


def _parse_eu(t: _Text, h: DateHash) -> bool:
    """parse_eu: `20 May 2022`"""
    m = t.sub(_EU_RE)
    if m is None:
        return False
    d, mon, b, y = m.groups()
    _s3e(h, y, _mon_num(mon), d, _is_bc(b))
    return True


def _parse_us(t: _Text, h: DateHash) -> bool:
    """parse_us: `May 20, 2022`"""
    m = t.sub(_US_RE)
    if m is None:
        return False
    mon, d, b, y = m.groups()
    _s3e(h, y, _mon_num(mon), d, _is_bc(b))
    return True


_ISO_RE = _rx("('?[-+]?\\d+)-(\\d+)-('?-?\\d+)", ignore_case=False)


def _parse_iso(t: _Text, h: DateHash) -> bool:
    """parse_iso: `y-m-d` in any order s3e finds"""
    m = t.sub(_ISO_RE)
    if m is None:
        return False
    _s3e(h, m.group(1), m.group(2), m.group(3), False)
    return True


_ISO21_RE = _rx("\\b(\\d{2}|\\d{4})?-?w(\\d{2})(?:-?(\\d))?\\b")
_ISO22_RE = _rx("-w-(\\d)\\b")
_ISO23_RE = _rx("--(\\d{2})?-(\\d{2})\\b", ignore_case=False)
_ISO24_RE = _rx("--(\\d{2})(\\d{2})?\\b", ignore_case=False)
_ISO25_GUARD_RE = _rx("[,.](\\d{2}|\\d{4})-\\d{3}\\b", ignore_case=False)
_ISO25_RE = _rx("\\b(\\d{2}|\\d{4})-(\\d{3})\\b", ignore_case=False)
_ISO26_GUARD_RE = _rx("\\d-\\d{3}\\b", ignore_case=False)
_ISO26_RE = _rx("\\b-(\\d{3})\\b", ignore_case=False)


def _parse_iso2(t: _Text, h: DateHash) -> bool:
    """parse_iso2: parse_iso21 … parse_iso26 (weeks, `--mm-dd`, ordinal days)"""
    m = t.sub(_ISO21_RE)
    if m is not None:
        if m.group(1) is not None:
            h["cwyear"] = int(m.group(1))
        h["cweek"] = int(m.group(2))
        if m.group(3) is not None:
            h["cwday"] = int(m.group(3))
        return True
    m = t.sub(_ISO22_RE)
    if m is not None:
        h["cwday"] = int(m.group(1))
        return True
    m = t.sub(_ISO23_RE)
    if m is not None:
        if m.group(1) is not None:
            h["mon"] = int(m.group(1))
        h["mday"] = int(m.group(2))
        return True
    m = t.sub(_ISO24_RE)
    if m is not None:
        h["mon"] = int(m.group(1))
        if m.group(2) is not None:
            h["mday"] = int(m.group(2))
        return True
    if _ISO25_GUARD_RE.search(t.s) is None:
        m = t.sub(_ISO25_RE)
        if m is not None:
            h["year"] = int(m.group(1))
            h["yday"] = int(m.group(2))
            return True
    if _ISO26_GUARD_RE.search(t.s) is None:
        m = t.sub(_ISO26_RE)
        if m is not None:
            h["yday"] = int(m.group(1))
            return True
    return False


_GENGO = {"m": 1867, "t": 1911, "s": 1925, "h": 1988, "r": 2018}
_JIS_RE = _rx("\\b([mtshr])(\\d+)\\.(\\d+)\\.(\\d+)")


def _parse_jis(t: _Text, h: DateHash) -> bool:
    """parse_jis: Japanese era dates, `H31.04.30`"""
    m = t.sub(_JIS_RE)
    if m is None:
        return False
    h["year"] = int(m.group(2)) + _GENGO[m.group(1).lower()]
    h["mon"] = int(m.group(3))
    h["mday"] = int(m.group(4))
    return True


_VMS11_RE = _rx(f"('?-?\\d+)-({_ABBR_MONTHS})[^-/.]*-('?-?\\d+)")
_VMS12_RE = _rx(f"\\b({_ABBR_MONTHS})[^-/.]*-('?-?\\d+)(?:-('?-?\\d+))?")


def _parse_vms(t: _Text, h: DateHash) -> bool:
    """parse_vms: `20-May-2022`, `May-20-2022`"""
    m = t.sub(_VMS11_RE)
    if m is not None:
        d, mon, y = m.groups()
        _s3e(h, y, _mon_num(mon), d, False)
        return True
    m = t.sub(_VMS12_RE)
    if m is not None:
        mon, d, y = m.groups()
        _s3e(h, y, _mon_num(mon), d, False)
        return True
    return False


_SLA_RE = _rx("('?-?\\d+)/\\s*('?\\d+)(?:\\D\\s*('?-?\\d+))?")
_DOT_RE = _rx("('?-?\\d+)\\.\\s*('?\\d+)\\.\\s*('?-?\\d+)")


def _parse_sla(t: _Text, h: DateHash) -> bool:
    """parse_sla: `y/m/d` in any order s3e finds"""
    m = t.sub(_SLA_RE)
    if m is None:
        return False
    _s3e(h, m.group(1), m.group(2), m.group(3), False)
    return True


def _parse_dot(t: _Text, h: DateHash) -> bool:
    """parse_dot: `d.m.y` in any order s3e finds"""
    m = t.sub(_DOT_RE)
    if m is None:
        return False
    _s3e(h, m.group(1), m.group(2), m.group(3), False)
    return True


_YEAR_RE = _rx("'(\\d+)\\b", ignore_case=False)
_MON_RE = _rx(f"\\b({_ABBR_MONTHS})\\S*")
_MDAY_RE = _rx("(\\d+)(st|nd|rd|th)\\b")


def _parse_year(t: _Text, h: DateHash) -> bool:
    """parse_year: `'22`"""
    m = t.sub(_YEAR_RE)
    if m is None:
        return False
    h["year"] = int(m.group(1))
    return True


def _parse_mon(t: _Text, h: DateHash) -> bool:
    """parse_mon: a month name alone"""
    m = t.sub(_MON_RE)
    if m is None:
        return False
    h["mon"] = _mon_num(m.group(1))
    return True


def _parse_mday(t: _Text, h: DateHash) -> bool:
    """parse_mday: `20th`"""
    m = t.sub(_MDAY_RE)
    if m is None:
        return False
    h["mday"] = int(m.group(1))
    return True


_DDD_RE = _rx(
    "([-+]?)(\\d{2,14})(?:\\s*t?\\s*(\\d{2,6})?(?:[,.](\\d*))?)?(?:\\s*(z\\b|[-+]\\d{1,4}\\b|\\[[-+]?\\d[^\\]]*\\]))?"
)


def _n2i(s: str, start: int, width: int) -> int:
    return int(s[start : start + width])


def _parse_ddd(t: _Text, h: DateHash) -> bool:
    """parse_ddd and parse_ddd_cb: runs of digits (`20220520`, `20220520T170137`, `170137.5`)"""
    m = t.sub(_DDD_RE)
    if m is None:
        return False
    s1, s2, s3, s4, s5 = m.groups()
    neg = s1 == "-"
    l2 = len(s2)
    times = s3 is None and s4 is not None  # digits then a fraction: a time, counted from the right
    if l2 == 2:
        if times:
            h["sec"] = _n2i(s2, 0, 2)
        else:
            h["mday"] = _n2i(s2, 0, 2)
    elif l2 == 4:
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 4, 2)
        else:
            h["mon"] = _n2i(s2, 0, 2)
            h["mday"] = _n2i(s2, 2, 2)
    elif l2 == 6:
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 4, 2)
            h["hour"] = _n2i(s2, l2 - 6, 2)
        else:
            y = _n2i(s2, 0, 2)
            h["year"] = -y if neg else y
            h["mon"] = _n2i(s2, 2, 2)
            h["mday"] = _n2i(s2, 4, 2)
    elif l2 in (8, 10, 12, 14):
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 4, 2)
            h["hour"] = _n2i(s2, l2 - 6, 2)
            h["mday"] = _n2i(s2, l2 - 8, 2)
            if l2 >= 10:
                h["mon"] = _n2i(s2, l2 - 10, 2)
            if l2 == 12:
                y = _n2i(s2, l2 - 12, 2)
                h["year"] = -y if neg else y
            if l2 == 14:
                y = _n2i(s2, l2 - 14, 4)
                h["year"] = -y if neg else y
                h["_comp"] = False
        else:
            y = _n2i(s2, 0, 4)
            h["year"] = -y if neg else y
            h["mon"] = _n2i(s2, 4, 2)
            h["mday"] = _n2i(s2, 6, 2)
            if l2 >= 10:
                h["hour"] = _n2i(s2, 8, 2)
            if l2 >= 12:
                h["min"] = _n2i(s2, 10, 2)
            if l2 >= 14:
                h["sec"] = _n2i(s2, 12, 2)
            h["_comp"] = False
    elif l2 == 3:
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 3, 1)
        else:
            h["yday"] = _n2i(s2, 0, 3)
    elif l2 == 5:
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 4, 2)
            h["hour"] = _n2i(s2, l2 - 5, 1)
        else:
            y = _n2i(s2, 0, 2)
            h["year"] = -y if neg else y
            h["yday"] = _n2i(s2, 2, 3)
    elif l2 == 7:
        if times:
            h["sec"] = _n2i(s2, l2 - 2, 2)
            h["min"] = _n2i(s2, l2 - 4, 2)
            h["hour"] = _n2i(s2, l2 - 6, 2)
            h["mday"] = _n2i(s2, l2 - 7, 1)
        else:
            y = _n2i(s2, 0, 4)
            h["year"] = -y if neg else y
            h["yday"] = _n2i(s2, 4, 3)
    if s3 is not None:
        l3 = len(s3)
        if l3 in (2, 4, 6):
            if s4 is not None:
                h["sec"] = _n2i(s3, l3 - 2, 2)
                if l3 >= 4:
                    h["min"] = _n2i(s3, l3 - 4, 2)
                if l3 >= 6:
                    h["hour"] = _n2i(s3, l3 - 6, 2)
            else:
                h["hour"] = _n2i(s3, 0, 2)
                if l3 >= 4:
                    h["min"] = _n2i(s3, 2, 2)
                if l3 >= 6:
                    h["sec"] = _n2i(s3, 4, 2)
    if s4 is not None:
        h["sec_fraction"] = Fraction(int(s4) if s4 else 0, 10 ** len(s4))
    if s5 is not None:
        h["zone"] = s5
        if s5.startswith("["):
            inner = s5[1:-1]
            colon = inner.find(":")
            h["zone"] = inner[colon + 1 :] if colon >= 0 else inner
    return True


_BC_RE = _rx("\\b(bc\\b|bce\\b|b\\.c\\.|b\\.c\\.e\\.)")
_FRAG_RE = _rx("\\A\\s*(\\d{1,2})\\s*\\Z")


def _parse_bc(t: _Text, h: DateHash) -> None:
    """parse_bc"""
    if t.sub(_BC_RE) is not None:
        h["_bc"] = True


def _parse_frag(t: _Text, h: DateHash) -> None:
    """parse_frag: a lone number left over is the day (after a time) or the hour (after a date)"""
    m = t.sub(_FRAG_RE)
    if m is None:
        return
    n = int(m.group(1))
    if "hour" in h and "mday" not in h and 1 <= n <= 31:
        h["mday"] = n
    if "mday" in h and "hour" not in h and 0 <= n <= 24:
        h["hour"] = n


_BLANKS_RE = re.compile("(?:[^-+',./:@\\[\\]\\w]|_)+")  # [^-+',./:@[:alnum:]\[\]]+


def date_parse(text: str) -> DateHash:
    """`Date._parse(text)` (comp=true): date__parse's passes in date__parse's order."""
    t = _Text(_BLANKS_RE.sub(" ", text))
    h: DateHash = {"_comp": True}
    if t.has(alpha=True):
        _parse_day(t, h)
    if t.has(digit=True):
        _parse_time(t, h)
    _parse_date_part(t, h)
    if t.has(alpha=True):
        _parse_bc(t, h)
    if t.has(digit=True):
        _parse_frag(t, h)
    if h.pop("_bc", False):
        for key in ("cwyear", "year"):
            if key in h:
                h[key] = -h[key] + 1
    if h.pop("_comp"):
        for key in ("cwyear", "year"):
            if key in h and 0 <= h[key] <= 99:
                h[key] += 1900 if h[key] >= 69 else 2000
    return h


def _parse_date_part(t: _Text, h: DateHash) -> None:
    """The chain of date__parse that stops at the first pass that matches."""
    if t.has(alpha=True, digit=True) and (_parse_eu(t, h) or _parse_us(t, h)):
        return
    if t.has(digit=True, dash=True) and _parse_iso(t, h):
        return
    if t.has(digit=True, dot=True) and _parse_jis(t, h):
        return
    if t.has(alpha=True, digit=True, dash=True) and _parse_vms(t, h):
        return
    if t.has(digit=True, slash=True) and _parse_sla(t, h):
        return
    if t.has(digit=True, dot=True) and _parse_dot(t, h):
        return
    if t.has(digit=True) and _parse_iso2(t, h):
        return
    if t.has(digit=True) and _parse_year(t, h):
        return
    if t.has(alpha=True) and _parse_mon(t, h):
        return
    if t.has(digit=True) and _parse_mday(t, h):
        return
    if t.has(digit=True):
        _parse_ddd(t, h)
