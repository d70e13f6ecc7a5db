"""Queries nested hundreds to a hundred thousand levels deep: a QueryError naming where the
nesting goes too deep, in the parser and in `finews search`; never a RecursionError."""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from finews_desktop.cli import main
from finews_desktop.core.errors import QueryError
from finews_desktop.core.search.engine import index_for, search
from finews_desktop.core.search.query import MAX_NESTING, And, Node, Not, Or, parse_query
from finews_desktop.core.store.library import Library
from tests.core.search_helpers import Spec, add_posts

DEPTHS = (300, 1000, 100_000)


def nested(kind: str, depth: int, core: str = "光伏") -> str:
    """`depth` levels of one kind of nesting around `core`."""
    if kind == "parentheses":
        return "(" * depth + core + ")" * depth
    if kind == "unclosed":
        return "(" * depth + core
    if kind == "negations":
        return "-" * depth + core
    if kind == "negated groups":  # two levels each
        return "-(" * (depth // 2) + core + ")" * (depth // 2)
    if kind == "and groups":  # (a (a (a ... core)))
        return "(银行 " * depth + core + ")" * depth
    if kind == "or groups":
        return "(银行 OR " * depth + core + ")" * depth
    raise AssertionError(kind)


KINDS = ("parentheses", "unclosed", "negations", "negated groups", "and groups", "or groups")


def _first_too_deep(query: str) -> int:
    """The index of the ( or - that opens level MAX_NESTING + 1."""
    depth = 0
    for i, c in enumerate(query):
        if c == "(" or (c == "-" and not query[i + 1].isspace()):
            depth += 1
            if depth > MAX_NESTING:
                return i
    raise AssertionError("not too deep")


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("kind", KINDS)
def test_too_deep_is_a_query_error_at_the_first_level_too_many(kind: str, depth: int) -> None:
    query = nested(kind, depth)
    with pytest.raises(QueryError) as err:
        parse_query(query)
    where = _first_too_deep(query)
    assert err.value.position == where
    assert str(err.value) == (
        f"The query is nested too deeply: the {query[where]} at character {where + 1} is inside "
        f"{MAX_NESTING} parentheses and negations, the most a query may have."
    )


def _depth(node: Node) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(n, (And, Or)):
            stack.extend((c, d + 1) for c in n.children)
        elif isinstance(n, Not):
            stack.append((n.child, d + 1))
    return deepest


@pytest.fixture
def lib(tmp_path: Path) -> Iterator[Library]:
    library = Library.open(tmp_path / "lib")
    add_posts(library, [Spec("光伏 风电", "光伏装机"), Spec("银行", "银行 光伏"), Spec("其他", "没有")])
    assert index_for(library).catch_up()
    yield library
    library.close()


@pytest.mark.parametrize("kind", ["parentheses", "negations", "negated groups", "and groups", "or groups"])
def test_the_deepest_allowed_query_is_searched(lib: Library, kind: str) -> None:
    query = nested(kind, MAX_NESTING)
    parsed = parse_query(query)
    assert _depth(parsed.root) <= 2 * MAX_NESTING + 3  # what the evaluator's recursion is bounded by
    shallow = {
        "parentheses": "光伏",
        "negations": "光伏",  # an even number of minus signs
        "negated groups": "光伏",
        "and groups": "银行 光伏",
        "or groups": "银行 OR 光伏",
    }[kind]
    expected = sorted(search(lib, shallow).ids)
    assert sorted(search(lib, query).ids) == expected
    assert expected  # the query means something


def test_the_deepest_allowed_query_in_a_thread(lib: Library) -> None:
    """The window searches on worker threads: the bounded recursion fits their stacks too."""
    query = "-(银行 OR " * (MAX_NESTING // 2) + "光伏" + ")" * (MAX_NESTING // 2)
    got: list[object] = []
    thread = threading.Thread(target=lambda: got.append(sorted(search(lib, query).ids)))
    thread.start()
    thread.join()
    assert got and isinstance(got[0], list)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _search_cli(library: Path, query: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = io.StringIO()
    code = main(["--library", str(library), "search", "--", query], out=out)
    return code, out.getvalue(), capsys.readouterr().err


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("kind", ["parentheses", "unclosed", "negations", "negated groups", "or groups"])
def test_finews_search_reports_the_depth_with_a_caret(
    lib: Library, kind: str, depth: int, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = lib.folder
    lib.close()
    query = nested(kind, depth)
    code, out, err = _search_cli(folder, query, capsys)
    assert code == 1 and out == ""
    where = _first_too_deep(query)
    lines = err.splitlines()
    assert lines[0].startswith(f"finews: The query is nested too deeply: the {query[where]} at character {where + 1} ")
    assert "Recursion" not in err and "Traceback" not in err
    # the query is shown around the place, not whole: a hundred thousand characters would bury it
    assert len(lines) == 3 and len(lines[1]) < 120 and len(lines[2]) < 120
    # the caret stands under the character named (CJK characters take two columns)
    caret = lines[2].index("^")
    shown_query = lines[1]
    at = next(k for k in range(len(shown_query) + 1) if _columns(shown_query[:k]) >= caret)
    assert _columns(shown_query[:at]) == caret
    assert shown_query[2:at].lstrip("…") + shown_query[at : at + 6] in query
    assert query[where - 3 : where + 6] in shown_query[:at] + shown_query[at:]
    assert shown_query[at:].startswith(query[where : where + 6])


def test_finews_search_error_caret_after_wide_and_control_characters(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = lib.folder
    lib.close()
    query = "光伏\x1b[2J 风电 is:nothing"
    code, _out, err = _search_cli(folder, query, capsys)
    assert code == 1
    assert "\x1b" not in err
    lines = err.splitlines()
    assert lines[1] == "  光伏\\x1b[2J 风电 is:nothing"
    # 光伏 and 风电 are two columns wide each; the escape is shown as the four characters \x1b
    assert lines[2].index("^") == lines[1].index("nothing") + len("光伏风电")
