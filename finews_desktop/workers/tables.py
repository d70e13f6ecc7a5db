"""The window's table export, in a child process: a million rows of Python work never hold the window's GIL."""

from __future__ import annotations

from typing import Any

from finews_desktop.workers.process import Channel, throttled_progress


def run_table_export(
    library: Any, table: str, selection: Any, destination: str, fmt: str, bom: bool, channel: Channel
) -> Any:
    """`core.exporting.tables.export_table` with progress (at most every 50 ms) and cancel through the channel;
    returns the TableReport."""
    from finews_desktop.core.exporting.tables import export_table

    return export_table(
        library,
        table,
        selection,
        destination,
        fmt,
        bom=bom,
        progress=throttled_progress(channel),
        should_cancel=channel.cancelled,
    )
