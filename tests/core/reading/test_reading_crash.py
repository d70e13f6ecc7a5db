"""Must show 3 of issue 20: read state and notes survive a SIGKILL at any moment (bench/crash_test.py's
"read state and notes"): every post read or none, each note the old one or the new one, and the reopened
library's search agrees (is:read, has:note, note:)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[3]


def _crash_test() -> Any:
    spec = importlib.util.spec_from_file_location("crash_test", REPO / "bench" / "crash_test.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_steps_are_replayed_as_the_child_runs_them() -> None:
    ct = _crash_test()
    ids = [3, 5, 8, 13, 21, 34]
    read, notes = ct.reading_after((False, {}), 1, 8, ids)
    assert read is False  # step 7 marked every post unread
    # steps 2, 4, 6 saved notes on the list's 2nd, 3rd and 4th posts; step 8 removed the 5th's (none)
    assert sorted(notes) == [5, 8, 13]
    assert all(
        body.startswith(f"nv001{k:06d}q ") for body, k in zip([notes[5], notes[8], notes[13]], (2, 4, 6), strict=True)
    )
    again = ct.reading_after((False, {}), 1, 8, ids)
    assert again == (read, notes)  # the checker and the child compute the same steps


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL of a process group is POSIX")
def test_killing_read_marks_and_note_saves_tears_no_step() -> None:
    ct = _crash_test()
    (tally,) = ct.run(kills=3, posts=200, seed=11, operations=["read state and notes"])
    assert tally.kills >= 2, tally.notes
    failures = (tally.integrity_failures, tally.lost_posts, tally.incomplete_posts, tally.torn)
    assert failures == (0, 0, 0, 0), tally.notes
