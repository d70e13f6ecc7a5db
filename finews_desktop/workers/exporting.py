"""The window's export, in a child process: the exporter's Python work never holds the window's GIL."""

from __future__ import annotations

import time
from typing import Any

from finews_desktop.workers.process import Channel, lower_worker_process_priority


def run_export(library: Any, destination: str, selection: Any, options: dict[str, Any], channel: Channel) -> Any:
    """Export as `Exporter(library, destination, selection, **options)`; progress (at most every 50 ms)
    and cancel go through the channel. Returns the ExportReport."""
    from finews_desktop.core.exporting.exporter import Exporter

    lower_worker_process_priority()
    last = [0.0]

    def progress(done: int, total: int, what: str = "") -> None:
        now = time.monotonic()
        if now - last[0] >= 0.05 or done >= total:
            last[0] = now
            channel.send("progress", done, total, what)

    exporter = Exporter(library, destination, selection, progress=progress, should_cancel=channel.cancelled, **options)
    return exporter.run()
