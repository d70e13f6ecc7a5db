"""Tables Qt can lay out: rows cut at MAX_TABLE_ROWS with a note, tables nested too deep flattened to lines."""

from __future__ import annotations

from typing import Any

import lxml.etree

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import MAX_SPAN, MAX_TABLE_ROWS, Fallback
from finews_desktop.core.content.render.rendered import Labels


def trim_tables(body: Any, ctx: Context) -> list[tuple[Any, int, int]]:
    """Cut every table to MAX_TABLE_ROWS rows; returns (where the rows were, rows cut, columns) for the notes."""
    cut = []
    for table in list(body.iter("table")):
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        if len(rows) <= MAX_TABLE_ROWS:
            continue
        extra = rows[MAX_TABLE_ROWS:]
        for row in extra:
            row.getparent().remove(row)
        columns = max((len(row) for row in rows[:MAX_TABLE_ROWS]), default=1)
        cut.append((rows[MAX_TABLE_ROWS - 1].getparent(), len(extra), columns))
        if ctx.past_deadline():
            raise Fallback("too_slow")
    return cut


def add_row_notes(cut: list[tuple[Any, int, int]], labels: Labels) -> None:
    """After cleaning (which would strip their class): "… N more rows" at the end of each cut table."""
    for rows_parent, count, columns in cut:
        if rows_parent.getparent() is None:  # a nested table that was flattened
            continue
        note = lxml.etree.SubElement(rows_parent, "tr")
        cell = lxml.etree.SubElement(note, "td", {"class": "more", "colspan": str(min(max(columns, 1), MAX_SPAN))})
        cell.text = labels.more_rows.replace("{n}", f"{count:,}")


def flatten_table_part(el: Any, tag: str) -> bool:
    """Inside a table nested too deep: rows become lines, cells text with a space after; True: unwrap it."""
    el.attrib.clear()
    if tag == "tr":
        el.tag = "div"
    elif tag in ("td", "th"):
        el.tag = "span"
        el.tail = " " + (el.tail or "")
    else:
        return True
    return False
