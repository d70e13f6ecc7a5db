"""A running Ruby answering `Time.parse`, the specification core/jekyll/rubytime.py mirrors.

One long-lived `ruby` per zone reads one base64 string per line and prints the instant
`Time.parse(text, now).localtime` gives (UTC wall time and offset) or the class of the
exception it raises, so thousands of comparisons cost one process start.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
from datetime import UTC, datetime, tzinfo

from finews_desktop.core.jekyll.rubytime import RubyTimeError, parse_ruby_time

NOW = datetime(2024, 1, 31, 13, 45, 56, 789012, tzinfo=UTC)
"""The `now` both sides get (a 31st, so a month-day rollover from now would show)."""

_SCRIPT = r"""
require "time"
now = Time.at(Rational(ARGV[0]))
$stdout.sync = true
while (line = $stdin.gets)
  s = line.chomp.unpack1("m0").force_encoding("UTF-8")
  begin
    t = Time.parse(s, now).localtime
    u = t.getutc
    puts format("%d-%02d-%02dT%02d:%02d:%02d.%06d %d", u.year, u.mon, u.day, u.hour, u.min, u.sec, u.usec, t.utc_offset)
  rescue StandardError => e
    puts "!" + e.class.name
  end
end
"""


def ruby_path() -> str | None:
    return shutil.which("ruby")


class RubyTimeOracle:
    """`Time.parse` in a Ruby process whose TZ is `zone_name`."""

    def __init__(self, zone_name: str) -> None:
        ruby = ruby_path()
        assert ruby is not None
        env = {k: v for k, v in os.environ.items() if k not in ("RUBYOPT", "RUBYLIB")}
        env["TZ"] = zone_name
        env["LANG"] = env["LC_ALL"] = "C.UTF-8"
        self._proc = subprocess.Popen(
            [ruby, "-e", _SCRIPT, str(NOW.timestamp())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            encoding="ascii",
        )

    def parse(self, text: str) -> str:
        """Ruby's answer: `YYYY-MM-DDTHH:MM:SS.ffffff <offset seconds>` in UTC, or `!ExceptionClass`."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(base64.b64encode(text.encode("utf-8")).decode("ascii") + "\n")
        self._proc.stdin.flush()
        return self._proc.stdout.readline().rstrip("\n")

    def close(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=30)


def python_answer(text: str, tz: tzinfo) -> str:
    """parse_ruby_time's answer in the oracle's format (`!RubyTimeError` where it raises)."""
    try:
        moment = parse_ruby_time(text, tz, NOW)
    except RubyTimeError:
        return "!RubyTimeError"
    u = moment.astimezone(UTC)
    offset = moment.utcoffset()
    assert offset is not None
    return (
        f"{u.year}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d} "
        f"{int(offset.total_seconds())}"
    )


def agree(ruby: str, python: str) -> bool:
    """Same instant and offset, or both raise. Python's datetime ends at years 1 and 9999: where Ruby's
    answer lies beyond them, the port raises (the reader then calls the date unreadable)."""
    if ruby.startswith("!") or python.startswith("!"):
        if ruby.startswith("!") and python.startswith("!"):
            return True
        if python.startswith("!"):
            year = int(ruby[: ruby.index("-", 1)])
            return not 1 <= year <= 9999 or _near_the_ends(ruby)
        return False
    return ruby == python


def _near_the_ends(ruby: str) -> bool:
    """An instant within a day of 0001-01-01 or 9999-12-31, whose local time may fall outside."""
    return ruby.startswith(("1-01-01", "9999-12-31"))
