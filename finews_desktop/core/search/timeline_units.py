"""The timeline's bar units, apart from core/search/timeline.py: the window's timeline panel and stock page
list them when they are built, before the first rows are painted, and timeline.py imports numpy."""

from __future__ import annotations

UNITS = ("day", "week", "month")
