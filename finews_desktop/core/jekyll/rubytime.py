"""Ruby's `Time.parse` (lib/time.rb of Ruby 3.1), as Jekyll uses it to read post dates.

Jekyll turns every date YAML did not type into text and hands it to
`Time.parse(text).localtime` with the site's zone as the process's zone. This
mirrors that one function exactly on top of `ruby_date_parse.date_parse` (Ruby's
`Date._parse`): a missing zone means the site's local time, only Ruby's own short
zone names and the site zone's own abbreviations count (CST is US Central), unknown
zone words are ignored, the fields before the first one given come from now, and
days past a month's end roll over the way `apply_offset` and `Time.local` roll them.
It is not a general date parser; Ruby's answers are the specification, and the tests
compare them with a running Ruby.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from fractions import Fraction

from finews_desktop.core.jekyll.ruby_date_parse import date_parse


class RubyTimeError(ValueError):
    """Ruby's Time.parse would raise (ArgumentError, RangeError): Jekyll aborts the build."""


# Time::ZoneOffset of time.rb (hours)
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
_ZONE_HOURS.update({chr(c): c - 64 for c in range(ord("A"), ord("I") + 1)})
_ZONE_HOURS.update({chr(c): c - 65 for c in range(ord("K"), ord("M") + 1)})
_ZONE_HOURS.update({chr(c): -(c - 77) for c in range(ord("N"), ord("Y") + 1)})

_OFFSET_RE = re.compile(r"\A([+-])([0-9][0-9])(:?)([0-9][0-9])(?:\3([0-9][0-9]))?\Z")
_HOURS_RE = re.compile(r"\A[+-][0-9][0-9]\Z")
_UTC_RE = re.compile(r"\A(?:-00:00|-0000|-00|UTC|Z|UT)\Z", re.IGNORECASE)
_LIMIT = 128  # Date._parse's default `limit:`

_LEAP_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_COMMON_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_days(year: int, mon: int) -> int | None:
    """Time.month_days, with Ruby's array indexing (negative counts from the end, past it is nil)."""
    table = _LEAP_MONTH_DAYS if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else _COMMON_MONTH_DAYS
    return table[mon - 1] if -12 <= mon - 1 < 12 else None


def _zone_offset(zone: str, year: int, tz: tzinfo) -> int | None:
    """Time.zone_offset: seconds east of UTC, or None for a zone word Ruby does not know."""
    zone = zone.upper()
    m = _OFFSET_RE.match(zone)
    if m:
        sign = -1 if m.group(1) == "-" else 1
        return sign * ((int(m.group(2)) * 60 + int(m.group(4))) * 60 + int(m.group(5) or 0))
    if _HOURS_RE.match(zone):
        return int(zone) * 3600
    if zone in _ZONE_HOURS:
        return _ZONE_HOURS[zone] * 3600
    for month in (1, 7):  # the local zone's own names, in winter and in summer
        try:
            moment = _local(year, month, 1, 0, 0, 0, 0, tz)
        except (ValueError, OverflowError, RubyTimeError):
            return None
        name = moment.tzname()
        if name is not None and name.upper() == zone:
            offset = moment.utcoffset()
            return None if offset is None else int(offset.total_seconds())
    return None


def _apply_offset(
    year: int, mon: int, day: int, hour: int, minute: int, sec: int, off: int
) -> tuple[int, int, int, int, int, int]:
    """Time.apply_offset: wall time minus the offset, with its own (partial) month rollover."""
    if off < 0:
        off = -off
        off, o = divmod(off, 60)
        if o != 0:
            sec += o
            o, sec = divmod(sec, 60)
            off += o
        off, o = divmod(off, 60)
        if o != 0:
            minute += o
            o, minute = divmod(minute, 60)
            off += o
        off, o = divmod(off, 24)
        if o != 0:
            hour += o
            o, hour = divmod(hour, 24)
            off += o
        if off != 0:
            day += off
            days = _month_days(year, mon)
            if days is not None and days < day:
                mon += 1
                if mon > 12:
                    mon = 1
                    year += 1
                day = 1
    elif off > 0:
        off, o = divmod(off, 60)
        if o != 0:
            sec -= o
            o, sec = divmod(sec, 60)
            off -= o
        off, o = divmod(off, 60)
        if o != 0:
            minute -= o
            o, minute = divmod(minute, 60)
            off -= o
        off, o = divmod(off, 24)
        if o != 0:
            hour -= o
            o, hour = divmod(hour, 24)
            off -= o
        if off != 0:
            day -= off
            if day < 1:
                mon -= 1
                if mon < 1:
                    year -= 1
                    mon = 12
                days = _month_days(year, mon)
                if days is None:
                    raise RubyTimeError("mday out of range")
                day = days
    return year, mon, day, hour, minute, sec


def _wall(year: int, mon: int, day: int, hour: int, minute: int, sec: int, usec: Fraction | int) -> datetime:
    """Time.utc/Time.local's argument checks and rollover (Feb 30 is Mar 2, 24:00 and :60 carry over)."""
    if not 1 <= mon <= 12:
        raise RubyTimeError("mon out of range")
    if not 1 <= day <= 31:
        raise RubyTimeError("mday out of range")
    if not 0 <= hour <= 24:
        raise RubyTimeError("hour out of range")
    if not 0 <= minute <= 59 or (hour == 24 and minute > 0):
        raise RubyTimeError("min out of range")
    if not 0 <= sec <= 60 or (hour == 24 and sec > 0):
        raise RubyTimeError("sec out of range")
    if not 1 <= year <= 9999:
        raise RubyTimeError(f"year {year} is outside what Python's datetime holds")
    micro = int(usec)  # floor: Ruby keeps the rest below a microsecond, which no date shown here reaches
    return datetime(year, mon, 1) + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=sec, microseconds=micro)


def _local(
    year: int, mon: int, day: int, hour: int, minute: int, sec: int, usec: Fraction | int, tz: tzinfo
) -> datetime:
    """Time.local in the zone `tz`: a wall time in a DST gap moves forward, an ambiguous one is the later."""
    wall = _wall(year, mon, day, hour, minute, sec, usec)
    later = wall.replace(tzinfo=tz, fold=1)
    if later.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall:
        return later
    return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def _make_time(
    text: str,
    year: int | None,
    yday: int | None,
    mon: int | None,
    day: int | None,
    hour: int | None,
    minute: int | None,
    sec: int | None,
    sec_fraction: Fraction | None,
    zone: str | None,
    now: datetime,
    tz: tzinfo,
) -> datetime:
    """Time.make_time: fill from now what precedes the first given field, then apply the zone."""
    given = (year, yday, mon, day, hour, minute, sec, sec_fraction)
    if all(v is None for v in given):
        raise RubyTimeError(f"no time information in {text!r}")
    off_year = year if year is not None else now.astimezone(tz).year
    off = _zone_offset(zone, off_year, tz) if zone is not None else None

    if yday is not None:
        if not 1 <= yday <= 366:
            raise RubyTimeError(f"yday {yday} out of range")
        mon, day = divmod(yday - 1, 31)
        mon += 1
        day += 1
        t = _make_time(text, year, None, mon, day, hour, minute, sec, sec_fraction, zone, now, tz)
        diff = yday - t.timetuple().tm_yday
        if diff == 0:
            return t
        day += diff
        if day > 28:
            mday = _month_days(off_year, mon)
            assert mday is not None
            if day > mday:
                mon += 1
                if mon > 12:
                    raise RubyTimeError(f"yday {yday} out of range")
                day -= mday
        return _make_time(text, year, None, mon, day, hour, minute, sec, sec_fraction, zone, now, tz)

    local_now = now.astimezone(timezone(timedelta(seconds=off)) if off is not None else tz)
    usec: Fraction | int | None = sec_fraction * 1000000 if sec_fraction is not None else None
    if year is None:
        year = local_now.year
        if mon is None:
            mon = local_now.month
            if day is None:
                day = local_now.day
                if hour is None:
                    hour = local_now.hour
                    if minute is None:
                        minute = local_now.minute
                        if sec is None:
                            sec = local_now.second
                            if sec_fraction is None:
                                usec = local_now.microsecond
    mon = 1 if mon is None else mon
    day = 1 if day is None else day
    hour = 0 if hour is None else hour
    minute = 0 if minute is None else minute
    sec = 0 if sec is None else sec
    usec = 0 if usec is None else usec

    if year != off_year:
        off = _zone_offset(zone, year, tz) if zone is not None else None
    if off is None:
        return _local(year, mon, day, hour, minute, sec, usec, tz)
    fields = _apply_offset(year, mon, day, hour, minute, sec, off)
    moment = _wall(*fields, usec).replace(tzinfo=UTC)
    if zone is not None and _UTC_RE.match(zone):
        return moment
    return moment.astimezone(timezone(timedelta(seconds=off)))  # force_zone!


_ISO_FAST_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]([0-9]{2}):([0-9]{2}):([0-9]{2})(?: ?([-+])([0-9]{2}):?([0-9]{2}))?)?"
)


def _parse_iso_fast(text: str, tz: tzinfo) -> datetime | None:
    """`YYYY-MM-DD[ HH:MM:SS[ +ZZZZ]]`, almost every real date, without the passes (same answer)."""
    m = _ISO_FAST_RE.fullmatch(text)
    if m is None:
        return None
    year, mon, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (2 <= year <= 9998 and 1 <= mon <= 12 and day >= 1):
        return None
    days = _month_days(year, mon)
    if days is None or day > days:
        return None  # Ruby's rollover rules: the full port
    if m.group(4) is None:
        return _local(year, mon, day, 0, 0, 0, 0, tz)
    hour, minute, sec = int(m.group(4)), int(m.group(5)), int(m.group(6))
    if hour > 23 or minute > 59 or sec > 59:
        return None
    if m.group(7) is None:
        return _local(year, mon, day, hour, minute, sec, 0, tz)
    off_hours, off_minutes = int(m.group(8)), int(m.group(9))
    if off_hours > 23 or off_minutes > 59:
        return None
    offset = timedelta(hours=off_hours, minutes=off_minutes)
    zone = timezone(-offset if m.group(7) == "-" else offset)
    return datetime(year, mon, day, hour, minute, sec, tzinfo=zone).astimezone(tz)


def parse_ruby_time(text: str, tz: tzinfo, now: datetime) -> datetime:
    """`Time.parse(text, now).localtime` with the process zone `tz`; raises RubyTimeError where Ruby raises."""
    try:
        fast = _parse_iso_fast(text, tz)
        if fast is not None:
            return fast
        return ruby_time_parse(text, tz, now).astimezone(tz)
    except RubyTimeError:
        raise
    except (ValueError, OverflowError) as exc:  # out-of-range offsets, years, days
        raise RubyTimeError(str(exc)) from exc


def ruby_time_parse(text: str, tz: tzinfo, now: datetime) -> datetime:
    """Time.parse: `Date._parse`, then make_time; the result in the zone Ruby gives it (fixed offset, UTC or tz)."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > _LIMIT:
        raise RubyTimeError(f"string length ({size}) exceeds the limit {_LIMIT}")
    d = date_parse(text)
    return _make_time(
        text,
        d.get("year"),
        d.get("yday"),
        d.get("mon"),
        d.get("mday"),
        d.get("hour"),
        d.get("min"),
        d.get("sec"),
        d.get("sec_fraction"),
        d.get("zone"),
        now,
        tz,
    )
