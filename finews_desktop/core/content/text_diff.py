"""What changed between two versions of a post's plain text, as runs of kept, removed and added text
(difflib over characters, which suits Chinese text without word breaks); the preview escapes and
colours them. Long texts are compared line by line first, so the work stays bounded."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

Kind = Literal["same", "removed", "added"]
CHAR_LIMIT = 4000  # per changed block of lines: longer blocks are shown removed and added whole


@dataclass(frozen=True, slots=True)
class Run:
    kind: Kind
    text: str


def text_diff(old: str, new: str) -> list[Run]:
    """Runs that turn `old` into `new`: lines first, then characters inside each changed block of lines."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(old_lines[i1:i2]), "".join(new_lines[j1:j2])
        if op == "equal":
            _add(runs, "same", before)
        elif op == "replace" and len(before) + len(after) <= CHAR_LIMIT:
            _char_runs(runs, before, after)
        else:
            _add(runs, "removed", before)
            _add(runs, "added", after)
    return runs


def _char_runs(runs: list[Run], before: str, after: str) -> None:
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            _add(runs, "same", before[i1:i2])
        else:
            _add(runs, "removed", before[i1:i2])
            _add(runs, "added", after[j1:j2])


def _add(runs: list[Run], kind: Kind, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].kind == kind:
        runs[-1] = Run(kind, runs[-1].text + text)
    else:
        runs.append(Run(kind, text))


def changed(runs: list[Run]) -> bool:
    return any(r.kind != "same" for r in runs)
