"""`timezone:` names as Ruby's clock reads them (`ENV["TZ"] = name`): recorded from Ruby 3.1 on
glibc, and compared with a live `ruby` where one is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from finews_desktop.core.jekyll.ruby_zone import is_known_zone, ruby_zone

WINTER = datetime.fromtimestamp(1700000000, UTC)  # 2023-11-14
SUMMER = datetime.fromtimestamp(1690000000, UTC)  # 2023-07-22

# name -> (winter offset, summer offset) as `TZ=name ruby -e 'puts Time.at(...).strftime("%z")'` printed them.
RECORDED = {
    "Asia/Shanghai": ("+0800", "+0800"),
    "Asia/Beijing": ("+0000", "+0000"),  # no such zone: the C library falls back to UTC
    "Beijing": ("+0000", "+0000"),
    "asia/shanghai": ("+0000", "+0000"),
    "Asia/Shanghai ": ("+0000", "+0000"),
    "+08:00": ("+0000", "+0000"),
    "CST-8": ("+0800", "+0800"),  # POSIX: hours *west* of Greenwich
    "UTC+8": ("-0800", "-0800"),
    "GMT+8": ("-0800", "-0800"),
    "JST-9": ("+0900", "+0900"),
    "ABC-8:30": ("+0830", "+0830"),
    "<UTC+8>-8": ("+0800", "+0800"),
    "XYZ-8ABC": ("+0800", "+0900"),  # a summer zone without dates: glibc's US rules
    "XYZ-8ABC,M4.1.0,M10.5.0": ("+0800", "+0900"),
    "Etc/GMT-8": ("+0800", "+0800"),
    "PRC": ("+0800", "+0800"),
    ":Asia/Tokyo": ("+0900", "+0900"),
    ":CST-8": ("+0800", "+0800"),
    "CET": ("+0100", "+0200"),
    "EST5EDT": ("-0500", "-0400"),
    "America/New_York": ("-0500", "-0400"),
    "ABC": ("+0000", "+0000"),
    "": ("+0000", "+0000"),
}


def _offsets(name: str) -> tuple[str, str]:
    zone = ruby_zone(name)
    return WINTER.astimezone(zone).strftime("%z"), SUMMER.astimezone(zone).strftime("%z")


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_zone_as_ruby_recorded_it(name: str) -> None:
    assert _offsets(name) == RECORDED[name]


def test_unknown_names_are_told_apart() -> None:
    assert not is_known_zone("Asia/Beijing")
    assert is_known_zone("Asia/Shanghai") and is_known_zone("CST-8") and is_known_zone(":Asia/Tokyo")


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
@pytest.mark.parametrize("name", sorted(RECORDED))
def test_zone_agrees_with_live_ruby(name: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("RUBYOPT", "RUBYLIB")}
    env["TZ"] = name
    script = (
        f'puts Time.at({int(WINTER.timestamp())}).strftime("%z"), Time.at({int(SUMMER.timestamp())}).strftime("%z")'
    )
    out = subprocess.run(["ruby", "-e", script], env=env, capture_output=True, text=True, check=True).stdout
    assert _offsets(name) == tuple(out.split())
