"""The library's settings and the timezone it falls back to."""

from __future__ import annotations

from pathlib import Path

import pytest

from finews_desktop.core.store import settings
from finews_desktop.core.store.library import Library


def test_a_setting_is_kept_and_replaced(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        assert lib.get_setting("timezone") is None and lib.get_setting("timezone", "x") == "x"
        lib.set_setting("timezone", "Europe/Paris")
        lib.set_setting("timezone", "Asia/Tokyo")
        assert lib.get_setting("timezone") == "Asia/Tokyo"
        assert lib.default_timezone() == "Asia/Tokyo"  # the library's own, over the machine's


def test_the_machine_timezone_is_read_from_tz_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", ":Asia/Shanghai")  # the leading colon POSIX allows
    assert settings.system_timezone() == "Asia/Shanghai"


def test_an_unknown_machine_timezone_falls_back_to_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(path: str) -> str:
        raise OSError(path)

    def no_file(self: Path, *args: object, **kwargs: object) -> str:
        raise OSError(str(self))

    monkeypatch.setenv("TZ", "Not/A_Zone")
    monkeypatch.setattr(settings.os, "readlink", no_link)
    monkeypatch.setattr(settings.Path, "read_text", no_file)
    assert settings.system_timezone() == "UTC"
