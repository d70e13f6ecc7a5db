"""The library's record of its imports (`import_run`): one row per run, from start to its counts.

An import that dies leaves its run marked running (the writer's lock says no one else
runs one), which is how the next start finds it to import its inputs again. The last
run that wrote posts is what "Recently imported" shows.
"""

from __future__ import annotations

import json
import time
from typing import Any

from finews_desktop.core.store.models import ImportRun


def start(inputs: list[str]) -> int:
    return ImportRun.insert(
        started_at=int(time.time()), status="running", inputs=json.dumps(inputs, ensure_ascii=False)
    ).execute()


def interrupted() -> list[ImportRun]:
    """Import runs that never finished: the process died (the write lock says no one else runs one).

    Call this when the library is opened, before starting an import of its own.
    """
    return list(ImportRun.select().where(ImportRun.status == "running").order_by(ImportRun.id))


def resumable_inputs() -> list[str]:
    """The inputs of interrupted imports (marking them so), to import again: done posts are unchanged."""
    inputs: list[str] = []
    for run in interrupted():
        for path in resume(run.id):
            if path not in inputs:
                inputs.append(path)
    return inputs


def resume(run_id: int) -> list[str]:
    """The inputs of one interrupted import (marking it so), to import again."""
    run = ImportRun.get_by_id(run_id)
    ImportRun.update(status="interrupted").where(ImportRun.id == run_id).execute()
    return list(json.loads(run.inputs))


def discard(run_id: int) -> None:
    ImportRun.update(status="discarded").where(ImportRun.id == run_id).execute()


def finish(run_id: int, status: str, counts: dict[str, int]) -> None:
    ImportRun.update(finished_at=int(time.time()), status=status, summary=json.dumps(counts)).where(
        ImportRun.id == run_id
    ).execute()


def last() -> ImportRun | None:
    return ImportRun.select().order_by(ImportRun.id.desc()).first()


def last_with_posts(db: Any) -> int | None:
    """The newest import run that wrote posts (what "Recently imported" shows)."""
    for run_id, status, summary in db.execute_sql(
        "SELECT id, status, summary FROM import_run ORDER BY id DESC LIMIT 50"
    ):
        if status == "running":
            return run_id
        counts = json.loads(summary) if summary else {}
        if counts.get("imported") or counts.get("updated"):
            return run_id
    return None


def recent_post_ids(db: Any) -> set[int]:
    """Ids of the (untrashed) posts written by the last import run that wrote any."""
    run_id = last_with_posts(db)
    if run_id is None:
        return set()
    cur = db.execute_sql("SELECT id FROM post WHERE import_run_id = ? AND trashed_at IS NULL", (run_id,))
    return {r[0] for r in cur}
