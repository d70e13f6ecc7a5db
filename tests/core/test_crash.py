"""A short run of bench/crash_test.py: SIGKILL during import, bulk edit, merge, reindex, export, backup,
restore, or read state and note steps loses nothing, tears no step and leaves no .partial file; the next
start reports what was interrupted and `finews resume` (or the command run again) finishes it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of a process group is POSIX")
def test_killing_operations_at_random_moments_loses_nothing_and_the_next_start_resumes_them() -> None:
    spec = importlib.util.spec_from_file_location("crash_test", REPO / "bench" / "crash_test.py")
    assert spec and spec.loader
    crash_test = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = crash_test  # dataclasses look their module up there
    spec.loader.exec_module(crash_test)
    tallies = crash_test.run(kills=2, posts=300, seed=7)
    assert [t.operation for t in tallies] == [
        "import",
        "bulk edit (tag add)",
        "merge",
        "index rebuild",
        "export",
        "backup",
        "restore",
        "read state and notes",
    ]
    for tally in tallies:
        assert tally.kills >= 1, (tally.operation, tally.notes)
        failures = (
            tally.integrity_failures,
            tally.lost_posts,
            tally.incomplete_posts,
            tally.not_reported,
            tally.resume_failures,
            tally.litter,
            tally.torn,
        )
        assert failures == (0, 0, 0, 0, 0, 0, 0), (tally.operation, tally.notes)
