"""The core and the command line never import Qt (DESIGN.md habit 1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "finews_desktop"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_cli_sources_never_import_qt() -> None:
    files = [*sorted((PACKAGE / "core").rglob("*.py")), PACKAGE / "cli.py"]
    offenders = {
        str(f.relative_to(PACKAGE)): sorted(
            m
            for m in _imported_modules(f)
            if m.split(".")[0] in {"PySide6", "shiboken6"}
            or m.startswith("finews_desktop.ui")
            or m == "finews_desktop.app"
        )
        for f in files
    }
    assert not {k: v for k, v in offenders.items() if v}


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = [f"finews_desktop.core.{p.stem}" for p in sorted((PACKAGE / "core").glob("*.py")) if p.stem != "__init__"]
    code = "import importlib, sys\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "import finews_desktop.cli\nassert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt loaded'\n"
    subprocess.run([sys.executable, "-c", code], check=True)
