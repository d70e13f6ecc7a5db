"""The window's export, in a child process: the exporter's Python work never holds the window's GIL."""

from __future__ import annotations

from typing import Any

from finews_desktop.workers.process import Channel, lower_worker_process_priority, throttled_progress


def run_export(library: Any, destination: str, selection: Any, options: dict[str, Any], channel: Channel) -> Any:
    """Export as `Exporter(library, destination, selection, **options)`; progress (at most every 50 ms)
    and cancel go through the channel. Returns the ExportReport."""
    from finews_desktop.core.exporting.exporter import Exporter

    lower_worker_process_priority()
    exporter = Exporter(
        library,
        destination,
        selection,
        progress=throttled_progress(channel),
        should_cancel=channel.cancelled,
        **options,
    )
    return exporter.run()
