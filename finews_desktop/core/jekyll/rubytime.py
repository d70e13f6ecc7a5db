"""Ruby's `Time.parse`, as Jekyll uses it to read post dates.

Jekyll turns every date into text and hands it to Ruby's `Time.parse`, whose
answers differ from Python's on a few points that matter for real archives:
a missing zone means the site's local time, only Ruby's own short zone names
count (CST is US Central), unknown zone words are ignored, days past the end
of a month roll over, and bare digit strings follow Ruby's `_parse_ddd`. The
textual forms ("May 20, 2022") are left to dateutil, a well-kept general parser.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone, tzinfo

from dateutil import parser as dateutil_parser


class RubyTimeError(ValueError):
    """Ruby's Time.parse would raise ArgumentError: Jekyll aborts the build."""


# Time::ZoneOffset of Ruby's time.rb (hours); other zone words are ignored.
_ZONE_HOURS = {
    "UTC": 0,
    "Z": 0,
    "UT": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}
_ZONE_HOURS.update({chr(c): -(c - 64) for c in range(ord("A"), ord("I") + 1)})
_ZONE_HOURS.update({chr(c): -(c - 65) for c in range(ord("K"), ord("M") + 1)})
_ZONE_HOURS.update({chr(c): c - 77 for c in range(ord("N"), ord("Y") + 1)})

_ISO_RE = re.compile(
    r"^(?P<y>[-+]?\d{2,4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<z>Z|[A-Za-z]{1,5}|[-+]\d{1,2}(?::?\d{2})?)?$"
)
_OFFSET_RE = re.compile(r"^([-+])(\d{1,2})(?::?(\d{2}))?$")


def _complete_year(text: str) -> int:
    year = int(text)
    if len(text.lstrip("+-")) == 2:
        year += 1900 if year >= 69 else 2000
    return year


def _zone(text: str | None) -> tzinfo | None:
    if not text:
        return None
    m = _OFFSET_RE.match(text)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return timezone(sign * timedelta(minutes=minutes))
    hours = _ZONE_HOURS.get(text.upper())
    return None if hours is None else timezone(timedelta(hours=hours))


def make_time(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    second: int,
    microsecond: int,
    zone: tzinfo | None,
    tz: tzinfo,
) -> datetime:
    """Ruby's Time.local/Time.new range rules: days past the month's end roll over."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 0 <= hour <= 24 and 0 <= minute <= 59 and 0 <= second <= 60):
        raise RubyTimeError("argument out of range")
    if hour == 24 and (minute or second):
        raise RubyTimeError("argument out of range")
    if not 1 <= year <= 9999:
        raise RubyTimeError("year out of the supported range")
    base = datetime(year, month, 1, tzinfo=zone or tz)
    moment = base + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second, microseconds=microsecond)
    if zone is None:
        # wall-clock arithmetic in the local zone, then the real instant
        moment = moment.replace(tzinfo=None).replace(tzinfo=tz)
    return moment.astimezone(tz)


def _parse_digits(text: str, tz: tzinfo, now: datetime) -> datetime:
    """Ruby's Date._parse_ddd for a bare run of digits (YAML integers end up here)."""
    n = len(text)
    today = now.astimezone(tz)
    year, month, day, hour, minute, second = today.year, today.month, today.day, 0, 0, 0
    if n == 2:
        day = int(text)
    elif n == 3:
        return _from_yday(today.year, int(text), tz)
    elif n == 4:
        month, day = int(text[:2]), int(text[2:])
    elif n == 5:
        return _from_yday(_complete_year(text[:2]), int(text[2:]), tz)
    elif n == 6:
        year, month, day = _complete_year(text[:2]), int(text[2:4]), int(text[4:])
    elif n == 7:
        return _from_yday(int(text[:4]), int(text[4:]), tz)
    elif n == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    elif n in (10, 12):
        year, month, day = _complete_year(text[:2]), int(text[2:4]), int(text[4:6])
        hour, minute = int(text[6:8]), int(text[8:10])
        second = int(text[10:12]) if n == 12 else 0
    elif n == 14:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
        hour, minute, second = int(text[8:10]), int(text[10:12]), int(text[12:14])
    else:
        raise RubyTimeError(f"no date in {text!r}")
    return make_time(year, month, day, hour, minute, second, 0, None, tz)


def _from_yday(year: int, yday: int, tz: tzinfo) -> datetime:
    if not 1 <= yday <= 366:
        raise RubyTimeError("day of year out of range")
    start = datetime(year, 1, 1)
    moment = start + timedelta(days=yday - 1)
    if moment.year != year:
        raise RubyTimeError("day of year out of range")
    return moment.replace(tzinfo=tz)


_DEFAULT_A = datetime(1971, 1, 2, 3, 4, 5, 6)
_DEFAULT_B = datetime(1972, 2, 3, 6, 7, 8, 9)
_FIELDS = ("year", "month", "day", "hour", "minute", "second", "microsecond")


def _parse_text(text: str, tz: tzinfo, now: datetime) -> datetime:
    """Free-form text via dateutil, with Ruby's rule for filling the missing fields.

    Parsing twice with two different defaults shows which fields the text gave;
    Ruby takes the fields before the first given one from now, the rest from
    their minimum (so 'May 2022' is May 1st and '17:01' is today).
    """
    # Ruby ignores zone words it does not know, such as 'Asia/Shanghai'.
    text = re.sub(r"\b[A-Za-z_]+(?:/[A-Za-z_+-]+)+\b", " ", text).strip()
    try:
        a = dateutil_parser.parse(text, default=_DEFAULT_A)
        b = dateutil_parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError) as exc:
        raise RubyTimeError(str(exc)) from exc
    given = [getattr(a, f) == getattr(b, f) for f in _FIELDS]
    if not any(given):
        raise RubyTimeError(f"no time information in {text!r}")
    zone = a.tzinfo if a.tzinfo is not None else None
    if (
        zone is not None
        and a.tzname()
        and a.utcoffset() == timedelta(0)
        and a.tzname() not in ("UTC", "GMT", "Z", "UT")
    ):
        zone = None  # dateutil maps unknown names to UTC; Ruby ignores them
    local_now = now.astimezone(zone or tz)
    values: list[int] = []
    from_now = True
    minimum = {"year": 1970, "month": 1, "day": 1, "hour": 0, "minute": 0, "second": 0, "microsecond": 0}
    for f, was_given in zip(_FIELDS, given, strict=False):
        if was_given:
            from_now = False
            values.append(getattr(a, f))
        elif from_now:
            values.append(getattr(local_now, f))
        else:
            values.append(minimum[f])
    year, month, day, hour, minute, second, micro = values
    return make_time(year, month, day, hour, minute, second, micro, zone, tz)


def parse_ruby_time(text: str, tz: tzinfo, now: datetime) -> datetime:
    """`Time.parse(text).localtime` in the site timezone `tz`; raises RubyTimeError."""
    try:
        return _parse(text, tz, now)
    except RubyTimeError:
        raise
    except (ValueError, OverflowError) as exc:  # out-of-range offsets, years, days
        raise RubyTimeError(str(exc)) from exc


def _parse(text: str, tz: tzinfo, now: datetime) -> datetime:
    s = text.strip()
    if not s:
        raise RubyTimeError("no time information in ''")
    if s.isdigit() and s.isascii():
        return _parse_digits(s, tz, now)
    if re.fullmatch(r"[-+]?\d+(?:[-+:]\d+)?", s) and not re.fullmatch(r"\d{1,2}:\d{2}(?::\d{2})?", s):
        raise RubyTimeError(f"no date in {s!r}")
    m = _ISO_RE.match(s)
    if m:
        zone_text = m.group("z")
        zone = _zone(zone_text)
        frac = m.group("f") or ""
        micro = int((frac + "000000")[:6]) if frac else 0
        return make_time(
            _complete_year(m.group("y")),
            int(m.group("m")),
            int(m.group("d")),
            int(m.group("H") or 0),
            int(m.group("M") or 0),
            int(m.group("S") or 0),
            micro,
            zone,
            tz,
        )
    if re.fullmatch(r"\d{4}-\d{1,2}", s):
        raise RubyTimeError(f"Ruby does not read {s!r} as a date")
    return _parse_text(s, tz, now)
