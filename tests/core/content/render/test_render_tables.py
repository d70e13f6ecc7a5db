"""render/tables.py: rows cut with a note after cleaning, table parts nested too deep flattened."""

from __future__ import annotations

import pytest

from finews_desktop.core.content.render.context import Context
from finews_desktop.core.content.render.limits import MAX_SPAN, MAX_TABLE_ROWS, Fallback
from finews_desktop.core.content.render.markup import parse, serialize
from finews_desktop.core.content.render.rendered import Labels
from finews_desktop.core.content.render.tables import add_row_notes, flatten_table_part, trim_tables


def context(clock: float = 0.0, deadline: float = 1.0) -> Context:
    return Context(
        False, None, Labels(more_rows="还有 {n} 行"), deadline=deadline, source_url=None, clock=lambda: clock
    )


def test_rows_past_the_limit_are_cut_and_noted_in_the_tables_columns() -> None:
    extra = 1234
    rows = "".join(f"<tr><td>{i}</td><td>x</td><td>y</td></tr>" for i in range(MAX_TABLE_ROWS + extra))
    body = parse(f"<table><tbody>{rows}</tbody></table><table><tr><td>small</td></tr></table>")
    ctx = context()
    cut = trim_tables(body, ctx)
    assert len(cut) == 1 and cut[0][1:] == (extra, 3)
    add_row_notes(cut, ctx.labels)
    trs = body.find("table").findall("./tbody/tr")
    assert len(trs) == MAX_TABLE_ROWS + 1
    note = trs[-1].find("td")
    assert dict(note.attrib) == {"class": "more", "colspan": "3"} and note.text == "还有 1,234 行"
    assert serialize(body).endswith("<table><tr><td>small</td></tr></table>")


def test_a_note_spans_at_most_max_span_columns() -> None:
    cells = "<td>x</td>" * (MAX_SPAN + 10)
    body = parse("<table>" + f"<tr>{cells}</tr>" * (MAX_TABLE_ROWS + 1) + "</table>")
    cut = trim_tables(body, context())
    add_row_notes(cut, Labels())
    assert body.xpath("//td[@class='more']/@colspan") == [str(MAX_SPAN)]


def test_trimming_past_the_deadline_gives_up() -> None:
    body = parse("<table>" + "<tr><td>x</td></tr>" * (MAX_TABLE_ROWS + 1) + "</table>")
    with pytest.raises(Fallback) as why:
        trim_tables(body, context(clock=5.0, deadline=1.0))
    assert why.value.reason == "too_slow"


def test_no_note_for_a_table_that_is_gone() -> None:
    body = parse("<table>" + "<tr><td>x</td></tr>" * (MAX_TABLE_ROWS + 1) + "</table>")
    cut = trim_tables(body, context())
    body.remove(body.find("table"))
    add_row_notes(cut, Labels())  # the rows' parent is no longer in a document: nothing to add
    assert body.find(".//td") is None


def test_flattened_table_parts() -> None:
    body = parse('<table border="1"><tbody><tr class="r"><th>a</th><td colspan="2">b</td></tr></tbody></table>')
    unwrapped = [el.tag for el in list(body.iter()) if el is not body and flatten_table_part(el, el.tag)]
    assert unwrapped == ["table", "tbody"]
    assert serialize(body) == "<table><tbody><div><span>a</span> <span>b</span> </div></tbody></table>"
