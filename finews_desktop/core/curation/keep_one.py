"""The curation step "keep one, move the other copies to the trash": a story's other posts (core/dedup/)
trashed in one transaction as `operations.SetTrashed`, undone by `Curator.undo` like any trash step.

Journaled as the trash of those posts (`Curator.trash`), which is what resuming it runs again.
"""

from __future__ import annotations

import time

from finews_desktop.core.curation.journaling import describe_curation
from finews_desktop.core.curation.operations import SetTrashed, TrashState
from finews_desktop.core.errors import KnownError
from finews_desktop.core.store import clusters
from finews_desktop.core.store.changes import Changes
from finews_desktop.core.store.curation_rows import CurationReads
from finews_desktop.core.store.library import Library


def keep_one(lib: Library, keep: int) -> Changes:
    """Move every other untrashed post of `keep`'s story to the trash; an empty Changes when it has none."""
    if not lib.post_exists(keep):
        raise KnownError(f"There is no post with id {keep}.")
    reads = CurationReads(lib)
    others = [pid for pid in clusters.cluster_of(lib.db, keep) if pid != keep]
    ids = [pid for pid, old in reads.trash_states(others) if old is None]
    if not ids:
        return Changes()
    params = {"method": "trash", "args": [ids], "kwargs": {}}
    with lib.journal.operation("curation", describe_curation("trash", [ids]), params):
        now = int(time.time())
        with reads.transaction() as rows:
            step = SetTrashed(tuple(TrashState(pid, None, now) for pid, old in reads.trash_states(ids) if old is None))
            step.apply(rows)
            rows.posts_changed(list(step.post_ids))
    return Changes(
        post_ids=tuple(step.post_ids),
        fields=step.fields,
        label=f"Keep one, move {len(step.states)} copies to the trash",
        ops=(step,),
    )
