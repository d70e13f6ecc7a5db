"""The `finews` command line, over the same core as the window (one module per command group)."""

from finews_desktop.cli.commands import main
from finews_desktop.cli.output import json_text, shown

__all__ = ["json_text", "main", "shown"]
