"""The self-contained app (packaging/finews-desktop.spec) carries everything the app imports, and starts.

The fast tests (a few seconds, no PyInstaller run) read what the app needs from its code: every
import statement of every module under finews_desktop/ and of the bundle's entry point (walked
with `ast`, function-level imports included). They run the spec with stand-ins for PyInstaller's
build steps, so its own `excludes` and its own filtering of Qt plugins and translations are what
is checked:

* no module the app imports is excluded, and every PySide6 module it imports is one that
  PySide6-Essentials ships (PySide6-Addons and WebEngine stay out);
* the app still works in a child process where the spec's excludes cannot be imported, as in the
  bundle: it imports every module of the app, then imports, reindexes, searches and lists a small
  archive and renders a post (what our dependencies import in turn; optional imports may fall back);
* every other package it imports is installed here and a declared dependency (PyInstaller
  collects what is installed in the building environment, and silently skips what is not);
* the Qt plugins those modules need at run time are kept: the platforms (X11, Wayland), the
  image formats of the pictures in posts, the SVG icon engine, input methods, and the TLS
  backend that https images need (QtNetwork);
* Qt's own translations are kept for every language the app has;
* numpy is used for nothing that calls BLAS (the spec replaces numpy's bundled OpenBLAS with
  stubs on Linux).

`test_bundle_builds_and_starts` runs `scripts/build_bundle.py` itself: the PyInstaller build and
the start-up check under Xvfb (library listed, archive imported, post previewed, images loaded
over http and https from a server on 127.0.0.1, clean exit). It runs in CI (CI=true); elsewhere
run `python scripts/build_bundle.py`.
"""

from __future__ import annotations

import ast
import importlib.metadata
import importlib.util
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO / "packaging" / "finews-desktop.spec"
ENTRY_POINT = REPO / "packaging" / "bundle_main.py"
PACKAGE = REPO / "finews_desktop"


# --- what the app imports, read from its code ----------------------------------------------


def _module_name(path: Path) -> str:
    if path == ENTRY_POINT:
        return "bundle_main"
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


class _Imports(ast.NodeVisitor):
    """Absolute names of the modules a file imports, at module level or inside functions alike
    (PyInstaller follows both); `if TYPE_CHECKING:` blocks are not run, so they are left out."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.package = module if is_package else module.rpartition(".")[0]
        self.found: set[str] = set()

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.update(alias.name for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base_parts = self.package.split(".")[: len(self.package.split(".")) - (node.level - 1)]
            base = ".".join([*base_parts, *([node.module] if node.module else [])])
        else:
            base = node.module or ""
        self.found.add(base)
        for alias in node.names:  # `from PySide6 import QtNetwork` imports a module
            if alias.name != "*" and _is_module(f"{base}.{alias.name}"):
                self.found.add(f"{base}.{alias.name}")


def app_sources() -> list[Path]:
    return [*sorted(PACKAGE.rglob("*.py")), ENTRY_POINT]


def imports_in_code() -> dict[str, set[str]]:
    """module -> the files (relative paths) that import it."""
    out: dict[str, set[str]] = {}
    for path in app_sources():
        visitor = _Imports(_module_name(path), path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        for name in visitor.found:
            out.setdefault(name, set()).add(str(path.relative_to(REPO)))
    return out


def _top(name: str) -> str:
    return name.partition(".")[0]


def _is_stdlib(name: str) -> bool:
    return _top(name) in sys.stdlib_module_names


def _is_ours(name: str) -> bool:
    return _top(name) in ("finews_desktop", "bundle_main")


def _is_qt(name: str) -> bool:
    return _top(name) in ("PySide6", "shiboken6")


RUN_WITHOUT_EXCLUDED = r"""
import importlib, importlib.abc, json, pkgutil, sys
from pathlib import Path

archive, library, excludes_file, out = (Path(p) for p in sys.argv[1:5])
EXCLUDES = json.loads(excludes_file.read_text(encoding="utf-8"))
tried = set()


class Excluded(importlib.abc.MetaPathFinder):
    # What the bundle lacks: PyInstaller drops an excluded name and everything under it.
    def find_spec(self, name, path=None, target=None):
        if any(name == e or name.startswith(e + ".") for e in EXCLUDES):
            tried.add(name)
            raise ModuleNotFoundError(f"No module named {name!r} (excluded by the spec)", name=name)
        return None


sys.meta_path.insert(0, Excluded())
try:
    import finews_desktop

    for info in pkgutil.walk_packages(finews_desktop.__path__, "finews_desktop."):
        if not info.name.endswith(".__main__"):  # that one starts the app
            importlib.import_module(info.name)

    from finews_desktop import cli
    from finews_desktop.core.search import index as search_index
    from finews_desktop.core.store.library import Library
    from finews_desktop.core.content.render import ImagePolicy, post_folder, render_post
    from finews_desktop.ui.widgets.preview import post_body

    posts = archive / "_posts"
    posts.mkdir(parents=True)
    table = "| 代码 | 涨跌 |\n| --- | --- |\n| 600000 | +1.2% |\n"
    for i in range(30):
        (posts / f"2023-05-{1 + i % 28:02d}-post-{i}.md").write_text(
            f"---\ntitle: \"样本 {i}\"\ndate: May {1 + i % 28}, 2023\ntags: [a, b]\n---\n> 摘要 {i}\n\n"
            f"沪指涨 0.{i}%。<img src=\"https://example.invalid/{i}.jpg\">\n\n{table}\n```\ncode\n```\n",
            encoding="utf-8",
        )
    for command in (["import", str(archive)], ["reindex"], ["search", "沪指"], ["list"]):
        assert cli.main(["--library", str(library), *command]) == 0, command
    assert search_index._np is not None, "numpy did not import"
    lib = Library.open(str(library))
    record = lib.post_record(1)
    body = post_body(lib.post_raw(1))
    lib.close()
    render_post(record, body, images=ImagePolicy.ON, base_dir=post_folder(record))
finally:
    Path(out).write_text(json.dumps({"loaded": sorted(sys.modules), "tried": sorted(tried)}), encoding="utf-8")
"""


@dataclass
class Run:
    returncode: int
    output: str = field(repr=False)
    loaded: set[str] = field(repr=False)  # modules loaded
    tried: set[str] = field(repr=False)  # excluded modules something tried to import (optional imports that fell back)


def run_without_excluded(tmp: Path, excludes: list[str]) -> Run:
    """A child process with the spec's excludes unimportable, as in the bundle, that imports every module
    of the app, then imports, reindexes, searches and lists a small archive with the command line and
    renders a post for the preview: what our dependencies import in turn, and optional imports that
    fall back, behave as they will in the bundle."""
    (tmp / "excludes.json").write_text(json.dumps(excludes), encoding="utf-8")
    out = tmp / "modules.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp / "home"), XDG_DATA_HOME=str(tmp / "data"))
    env.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_CACHE_HOME=str(tmp / "cache"))
    args = [str(tmp / "archive"), str(tmp / "library"), str(tmp / "excludes.json"), str(out)]
    result = subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_EXCLUDED, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        cwd=tmp,
    )
    found = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {"loaded": [], "tried": []}
    return Run(result.returncode, result.stdout + result.stderr, set(found["loaded"]), set(found["tried"]))


# --- the spec, run with stand-ins for PyInstaller's build steps ----------------------------

QT_DIR = Path(importlib.util.find_spec("PySide6").submodule_search_locations[0]) / "Qt"  # type: ignore[index, union-attr]


def _installed_qt_files(kind: str) -> list[tuple[str, str, str]]:
    """(dest, source, typecode) of the installed PySide6's plugins or translations, named as
    PyInstaller's PySide6 hooks name them in the bundle (PySide6/Qt/plugins/<type>/<file>)."""
    folder = QT_DIR / kind
    if not folder.is_dir():
        return []
    typecode = "BINARY" if kind == "plugins" else "DATA"
    return [
        (str(Path("PySide6", "Qt", kind, p.relative_to(folder))), str(p), typecode)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


@dataclass
class SpecRun:
    options: dict[str, Any] = field(repr=False)  # what the spec passed to Analysis
    kept: set[str] = field(default_factory=set, repr=False)  # the Qt plugins and translations it kept
    offered: set[str] = field(default_factory=set, repr=False)  # the ones it was given

    @property
    def excludes(self) -> list[str]:
        return list(self.options.get("excludes") or [])

    def excluded_by(self, module: str) -> str | None:
        """The `excludes` entry that keeps `module` out (PyInstaller drops a name and its submodules)."""
        for entry in self.excludes:
            if module == entry or module.startswith(entry + "."):
                return entry
        return None


def run_spec(workpath: Path) -> SpecRun:
    """Execute the spec as PyInstaller would, with a stand-in Analysis that "finds" every Qt plugin
    and translation of the installed PySide6, so the spec's own filtering decides what stays."""
    offered = _installed_qt_files("plugins") + _installed_qt_files("translations")
    record: dict[str, Any] = {}

    class Analysis:
        def __init__(self, scripts: list[str], **options: Any) -> None:
            record["options"] = dict(options, scripts=scripts)
            record["analysis"] = self
            self.binaries = [e for e in offered if e[2] == "BINARY"]
            self.datas = [e for e in offered if e[2] == "DATA"]
            self.pure: list[Any] = []
            self.scripts: list[Any] = []
            self.zipped_data: list[Any] = []

    def build_step(*_args: Any, **_kwargs: Any) -> types.SimpleNamespace:
        return types.SimpleNamespace()

    namespace = {
        "__name__": "__main__",
        "__file__": str(SPEC),
        "SPEC": str(SPEC),
        "SPECPATH": str(SPEC.parent),
        "workpath": str(workpath),
        "DISTPATH": str(workpath / "dist"),
        "Analysis": Analysis,
        **{name: build_step for name in ("PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "path", list(sys.path))  # the spec puts the checkout first
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    analysis = record["analysis"]
    kept = {e[0] for e in (*analysis.binaries, *analysis.datas)}
    return SpecRun(record["options"], kept, {e[0] for e in offered})


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> SpecRun:
    return run_spec(tmp_path_factory.mktemp("pyinstaller-work"))


@pytest.fixture(scope="module")
def code_imports() -> dict[str, set[str]]:
    return imports_in_code()


# --- the tests -------------------------------------------------------------------------------


def test_the_import_walk_sees_the_app(code_imports: dict[str, set[str]]) -> None:
    """A sanity check of the walk itself: it finds what we know the app imports."""
    for name in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "peewee", "lxml.etree", "numpy"):
        assert name in code_imports, name
    assert "finews_desktop.app" in code_imports  # the entry point's lazy import
    assert "finews_desktop.core.store.library" in code_imports  # relative and absolute imports alike


def test_spec_excludes_no_module_the_app_imports(spec: SpecRun, code_imports: dict[str, set[str]]) -> None:
    assert spec.excludes, "the spec passed no excludes to Analysis (did it change shape?)"
    problems = [
        f"{name} (imported by {', '.join(sorted(files))}) is excluded by {spec.excluded_by(name)!r}"
        for name, files in sorted(code_imports.items())
        if spec.excluded_by(name)
    ]
    assert not problems, "the spec leaves out what the app imports:\n" + "\n".join(problems)


def test_the_app_runs_without_what_the_spec_excludes(spec: SpecRun, tmp_path: Path) -> None:
    """What our dependencies import in turn, and what the app imports lazily, counts as well; an optional
    import that falls back (markdown's codehilite tries pygments) is fine."""
    run = run_without_excluded(tmp_path, spec.excludes)
    assert run.returncode == 0, "the app fails without what the spec excludes:\n" + run.output[-4000:]
    assert {"PySide6.QtWidgets", "numpy", "lxml.etree", "markdown"} <= run.loaded
    print("excluded modules that were tried and fell back:", sorted(run.tried))


def test_qt_modules_the_app_imports_are_in_pyside6_essentials(code_imports: dict[str, set[str]]) -> None:
    essentials = {f.split("/")[1].split(".")[0] for f in _distribution_files("PySide6-Essentials")}
    for name in sorted(n for n in code_imports if n.startswith("PySide6.")):
        module = name.split(".")[1]
        assert module in essentials, f"{name}: not in PySide6-Essentials (Addons and WebEngine stay out)"
        assert _is_module(name), f"{name} is not installed: PyInstaller could not collect it"


def _distribution_files(dist: str) -> list[str]:
    files = importlib.metadata.distribution(dist).files or []
    return [str(f) for f in files if str(f).startswith("PySide6/") and str(f).count("/") == 1]


def _declared_dependencies() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[\s<>=!~;\[]", req, maxsplit=1)[0].lower().replace("_", "-") for req in project["dependencies"]}


def test_python_packages_the_app_imports_are_installed_and_declared(code_imports: dict[str, set[str]]) -> None:
    """PyInstaller collects what the building environment has; `pip install .` must bring each package."""
    declared = _declared_dependencies()
    by_module = importlib.metadata.packages_distributions()
    third_party = sorted({_top(n) for n in code_imports if not (_is_stdlib(n) or _is_ours(n) or _is_qt(n))})
    assert third_party, "no third-party imports found"
    for top in third_party:
        assert _is_module(top), f"{top} is imported by the app but not installed"
        dists = {d.lower().replace("_", "-") for d in by_module.get(top, [])}
        assert dists & declared, f"{top} ({dists or 'no distribution'}) is not in [project].dependencies"


# The Qt plugins a Qt module needs at run time, found by name; each entry: (folder, names, why). Of
# each entry, every plugin the installed PySide6 has must be kept, and it must have one.
PLUGINS_NEEDED = {
    "QtGui": [
        ("platforms", {"qxcb", "qwayland", "qwindows", "qcocoa"}, "a window on X11, Wayland, Windows or macOS"),
        ("wayland-shell-integration", {"xdg-shell"}, "Wayland windows (xdg-shell)"),
        ("imageformats", {"qjpeg"}, "JPEG pictures in posts"),
        ("imageformats", {"qgif"}, "GIF pictures in posts"),
        ("imageformats", {"qwebp"}, "WebP pictures in posts"),
        ("imageformats", {"qsvg"}, "the SVG app icon"),
        ("iconengines", {"qsvgicon"}, "SVG icons"),
        ("platforminputcontexts", {"ibusplatforminputcontextplugin"}, "typing Chinese with IBus"),
    ],
    "QtNetwork": [
        ("tls", {"qopensslbackend", "qschannelbackend", "qsecuretransportbackend"}, "https images in the preview"),
    ],
}
PLATFORM_ONLY = {"wayland-shell-integration": "linux", "platforminputcontexts": "linux"}


def _plugin_name(dest: str) -> str:
    stem = Path(dest).name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def test_qt_plugins_the_app_needs_are_kept(spec: SpecRun, code_imports: dict[str, set[str]]) -> None:
    qt_modules = {n.split(".")[1] for n in code_imports if n.startswith("PySide6.")}
    assert "QtGui" in qt_modules
    problems = []
    for module, needs in PLUGINS_NEEDED.items():
        if module not in qt_modules:
            continue  # the app does not use it: its plugins may go
        for folder, names, why in needs:
            if not sys.platform.startswith(PLATFORM_ONLY.get(folder, "")):
                continue
            installed = sorted(d for d in spec.offered if Path(d).parent.name == folder and _plugin_name(d) in names)
            if not installed:
                problems.append(
                    f"{module} needs a {folder} plugin ({'/'.join(sorted(names))}) for {why}: none installed"
                )
            problems += [f"{d} is dropped; {module} needs it for {why}" for d in installed if d not in spec.kept]
    assert not problems, "\n".join(problems)


def test_qt_translations_of_the_app_languages_are_kept(spec: SpecRun) -> None:
    languages = [ts.stem.split("_", 1)[1] for ts in (REPO / "resources" / "translations").glob("*.ts")]
    assert languages
    for lang in languages:
        qtbase = str(Path("PySide6", "Qt", "translations", f"qtbase_{lang}.qm"))
        if qtbase in spec.offered:  # Qt's own words (buttons of standard dialogs, shortcuts)
            assert qtbase in spec.kept, f"{qtbase} is dropped, but the app speaks {lang}"


def test_the_spec_keeps_no_plugin_of_an_unused_qt_module(spec: SpecRun) -> None:
    """The other direction, for size: plugin folders of modules the app does not use are dropped."""
    unused = {"sqldrivers", "printsupport", "qmltooling", "qmllint", "designer", "egldeviceintegrations", "generic"}
    kept = sorted(d for d in spec.kept if Path(d).parent.name in unused)
    assert not kept, kept


BLAS_FUNCTIONS = {"dot", "vdot", "inner", "matmul", "tensordot", "einsum", "einsum_path", "linalg", "kron"}


def test_numpy_is_used_for_nothing_that_calls_blas() -> None:
    """The bundle on Linux replaces numpy's OpenBLAS (25 MB) with stubs that abort with a message; that is
    sound only while the app's numpy work (the search index's sorting) calls no BLAS or LAPACK routine."""
    uses = []
    for path in app_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        nodes = list(ast.walk(tree))
        imports_numpy = False
        for node in nodes:
            if isinstance(node, ast.Import) and any(_top(a.name) == "numpy" for a in node.names):
                imports_numpy = True
            elif isinstance(node, ast.ImportFrom) and _top(node.module or "") == "numpy":
                imports_numpy = True
                names = {a.name for a in node.names} | set((node.module or "").split("."))
                uses += [f"{path.relative_to(REPO)}:{node.lineno}: {n}" for n in sorted(names & BLAS_FUNCTIONS)]
        if not imports_numpy:
            continue
        for node in nodes:
            if isinstance(node, ast.Attribute) and node.attr in BLAS_FUNCTIONS:
                uses.append(f"{path.relative_to(REPO)}:{node.lineno}: .{node.attr}")
            elif isinstance(node, (ast.BinOp, ast.AugAssign)) and isinstance(node.op, ast.MatMult):
                uses.append(f"{path.relative_to(REPO)}:{node.lineno}: @")
    assert not uses, "numpy's BLAS is used: keep OpenBLAS in the bundle (the spec's stub_blas)\n" + "\n".join(uses)


# --- the bundle itself (CI) ------------------------------------------------------------------


def _log_lines(text: str) -> Iterator[str]:
    yield from (line for line in text.splitlines() if line.strip())


@pytest.mark.skipif(
    os.environ.get("CI") != "true",
    reason="builds the PyInstaller bundle and starts it under Xvfb (about 30 s on 2 cores): runs in CI (CI=true); "
    "locally run `python scripts/build_bundle.py`",
)
def test_bundle_builds_and_starts(tmp_path: Path) -> None:
    """`scripts/build_bundle.py`, as a user runs it: build, then the start-up check under Xvfb."""
    assert importlib.util.find_spec("PyInstaller") is not None, "PyInstaller is missing: it is in the test extra"
    cmd = [sys.executable, str(REPO / "scripts" / "build_bundle.py")]
    cmd += ["--dist", str(tmp_path / "dist"), "--work", str(tmp_path / "work"), "--shot", str(tmp_path / "bundle.png")]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=1200, cwd=REPO)
    output = result.stdout + result.stderr
    print(output)  # the size table and the check's lines, in the test log
    assert result.returncode == 0, "\n".join(list(_log_lines(output))[-60:])
    assert "bundle check: OK" in result.stdout
    assert (tmp_path / "bundle.png").is_file()
