"""A short run of bench/crash_test.py: SIGKILL during import, bulk edit, merge, reindex or export loses nothing."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of a process group is POSIX")
def test_killing_operations_at_random_moments_loses_nothing() -> None:
    spec = importlib.util.spec_from_file_location("crash_test", REPO / "bench" / "crash_test.py")
    assert spec and spec.loader
    crash_test = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = crash_test  # dataclasses look their module up there
    spec.loader.exec_module(crash_test)
    (tally,) = crash_test.run(kills=3, posts=400, seed=7, operations=["import"])
    assert tally.kills >= 1, tally.notes
    assert (tally.integrity_failures, tally.lost_posts, tally.incomplete_posts, tally.resume_failures) == (
        0,
        0,
        0,
        0,
    ), tally.notes
