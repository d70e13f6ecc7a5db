"""The sidebar's counts are read in a process of their own (ui/facet_reads.py), not on a thread of the
window's process whose Python work held the window's GIL: the counts equal the library's own, follow
an import, survive the process being killed (read on the thread that once), and a closed reader starts
a new process at the next read."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from finews_desktop.core.importing.importer import import_paths
from finews_desktop.core.store.library import Library
from finews_desktop.ui.facet_reads import FacetReads


def test_the_counts_come_from_a_child_process_and_follow_changes(library: Library, corpus: Path) -> None:
    reads = FacetReads(synchronous=False)
    try:
        empty = reads.work(library, False)(None)  # type: ignore[arg-type]
        assert empty == library.facets(False) and empty.all == 0
        child = reads._process
        assert child is not None and child.alive() and child.pid not in (None, os.getpid())
        import_paths(library, [str(corpus)])
        counted = reads.work(library, False)(None)  # type: ignore[arg-type]
        assert counted == library.facets(False) and counted.all == 94
        assert reads._process is child  # kept between reads
        assert reads.work(library, True)(None) == library.facets(True)  # type: ignore[arg-type]

        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.process.join(10)
        assert reads.work(library, False)(None) == counted  # type: ignore[arg-type]
        assert reads.work(library, False)(None) == counted  # type: ignore[arg-type]
        assert reads._process is not None and reads._process is not child and reads._process.alive()
    finally:
        reads.close()
    assert reads._process is None
    assert reads.work(library, False)(None) == counted  # type: ignore[arg-type]
    reads.close()


def test_synchronous_reads_start_no_process(library: Library) -> None:
    reads = FacetReads(synchronous=True)
    assert reads.work(library, False)(None) == library.facets(False)  # type: ignore[arg-type]
    assert reads._process is None
