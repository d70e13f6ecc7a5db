"""The package's shape, as rules a change cannot break unnoticed (qutebrowser keeps its import rules as code).

Every import counts, at module level, inside functions and under TYPE_CHECKING alike:

1. No import cycle anywhere in finews_desktop.
2. The core (`core/`) never imports Qt, the window (`ui/`), `app`, the command line
   (`cli/`) or the worker processes (`workers/`); `cli/` and `workers/` never import Qt or `ui/`.
3. The core's layers only look down: `jekyll/` (how Jekyll reads posts) imports nothing
   of the core but `errors`, `paths`, `filenames` and itself; `content/` (what a body tells)
   only those and `jekyll/`; the store (`store/`) only those two, never an operation
   (`importing/`, `curation/`, `exporting/`, `search/`, `recovery`); the operations never
   `recovery`, which is the one module that knows them all.
4. SQL is written only in the store and the search index, with no exception left: curation's
   and the export's SQL moved into the store, and SQL_STILL_OUTSIDE_THE_STORE is empty. It is a
   ratchet: a module listed there (its statements counted) fails the test when it writes more
   than its count, and when it writes fewer, until the entry is lowered or deleted.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "finews_desktop"
ROOT = PACKAGE.parent

BASE = {
    "finews_desktop.core.errors",
    "finews_desktop.core.paths",
    "finews_desktop.core.filenames",
    "finews_desktop.core.messages",
}
OPERATIONS = ("importing", "curation", "exporting", "search")
ALLOWED_BELOW = {  # a core layer -> the core layers it may import
    "jekyll": BASE,
    "content": BASE | {"jekyll"},
    "store": BASE | {"jekyll", "content"},
    "importing": BASE | {"jekyll", "content", "store"},
    "search": BASE | {"jekyll", "content", "store"},
    "curation": BASE | {"jekyll", "content", "store", "search"},
    "exporting": BASE | {"jekyll", "content", "store", "search", "importing"},
    "watching": BASE | {"jekyll", "content", "store", "importing", "search", "curation"},
}
SQL_STILL_OUTSIDE_THE_STORE: dict[str, int] = {}
# `.execute()` without arguments is not SQL (a Task runs; a peewee query, written in the store, runs)
_SQL_CALL = re.compile(r"execute_sql\(|\bsqlite3\.connect\(|\.execute\((?!\))|\.executemany\(|\.executescript\(")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> set[str]:
    """The finews_desktop modules `path` imports (the module itself, or the package a name comes from)."""
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([node.module] if node.module else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    out = set()
    for name in found:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != me:
            out.add(name)
    return out


def _all_imports(path: Path) -> set[str]:
    """Every top-level module name `path` imports, third-party ones included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _cycles() -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = 0
    for root in GRAPH:
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(GRAPH[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    yield sorted(component)


def _core_layer(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) < 3 or parts[1] != "core":
        return None
    return parts[2]


def test_no_import_cycle() -> None:
    assert list(_cycles()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    """The checker itself: a cycle put into the graph is found."""
    a, b = "finews_desktop.core.store.library", "finews_desktop.core.store.journal"
    saved = set(GRAPH[b])
    GRAPH[b].add(a)
    try:
        assert GRAPH[a] >= {b} and sorted([a, b]) in list(_cycles())
    finally:
        GRAPH[b] = saved


def test_the_core_and_the_processes_never_import_qt_or_the_window() -> None:
    offenders = {}
    for name, path in MODULES.items():
        top = name.split(".")[1] if "." in name else ""
        if top not in ("core", "cli", "workers"):
            continue
        bad = sorted(m for m in _all_imports(path) if m.split(".")[0] in {"PySide6", "shiboken6"})
        bad += sorted(
            m
            for m in GRAPH[name]
            if m.startswith(("finews_desktop.ui", "finews_desktop.app"))
            or (top == "core" and m.startswith(("finews_desktop.cli", "finews_desktop.workers")))
        )
        if bad:
            offenders[name] = bad
    assert offenders == {}


def test_the_core_layers_only_look_down() -> None:
    offenders = {}
    for name in MODULES:
        layer = _core_layer(name)
        if layer not in ALLOWED_BELOW:
            continue
        allowed = ALLOWED_BELOW[layer]
        bad = sorted(
            m
            for m in GRAPH[name]
            if _core_layer(m) not in (None, layer) and m not in allowed and _core_layer(m) not in allowed
        )
        if bad:
            offenders[name] = bad
    assert offenders == {}


def test_only_the_front_ends_import_recovery() -> None:
    users = sorted(name for name, deps in GRAPH.items() if "finews_desktop.core.recovery" in deps)
    assert all(u.startswith(("finews_desktop.cli", "finews_desktop.app", "finews_desktop.ui")) for u in users), users


def _sql_calls(path: Path) -> int:
    return len(_SQL_CALL.findall(path.read_text(encoding="utf-8")))


def test_sql_is_written_only_in_the_store_and_the_search_index() -> None:
    found = {}
    for path in MODULES.values():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("finews_desktop/core/store/", "finews_desktop/core/search/index/")):
            continue
        calls = _sql_calls(path)
        if calls:
            found[rel] = calls
    grown = {k: v for k, v in found.items() if v > SQL_STILL_OUTSIDE_THE_STORE.get(k, 0)}
    assert grown == {}, "SQL belongs in core/store (or the search index): add a store method instead"
    shrunk = {k: v for k, v in SQL_STILL_OUTSIDE_THE_STORE.items() if found.get(k, 0) < v}
    assert shrunk == {}, "less SQL outside the store: lower SQL_STILL_OUTSIDE_THE_STORE to match"


def test_importing_the_whole_core_and_command_line_loads_no_qt() -> None:
    modules = [name for name in MODULES if name.startswith(("finews_desktop.core", "finews_desktop.cli"))]
    modules = [m for m in modules if not m.endswith("__main__")]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_docs_architecture_names_every_module() -> None:
    """docs/ARCHITECTURE.md says where each concern lives: a module it does not name is a module a
    newcomer cannot place (each is named by its file name, in its layer's table or paragraph)."""
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    unnamed = [
        str(path.relative_to(ROOT))
        for path in MODULES.values()
        if path.name not in ("__init__.py", "__main__.py") and path.name not in text
    ]
    assert not unnamed, f"name these in docs/ARCHITECTURE.md: {unnamed}"
