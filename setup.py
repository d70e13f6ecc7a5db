"""Build hook: a wheel carries `resources/` inside the package, translations compiled.

All metadata lives in pyproject.toml. This only extends `build_py` so that
`pip install .` and `pip wheel .` copy the top-level `resources/` (icons,
preview stylesheets) into `finews_desktop/resources/` and compile each
`resources/translations/*.ts` to a `.qm` there with PySide6's lrelease
(PySide6-Essentials is a build requirement for that). An editable install
(`pip install -e .`) reads the checkout's `resources/` directly and skips it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _load_build_resources():
    """finews_desktop/resources/__init__.py is stdlib-only; load it without importing the package."""
    spec = importlib.util.spec_from_file_location(
        "_finews_resources", HERE / "finews_desktop" / "resources" / "__init__.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_resources


class build_py_with_resources(build_py):
    def run(self) -> None:
        super().run()
        self._resource_files: list[str] = []
        if getattr(self, "editable_mode", False):
            return
        dest = Path(self.build_lib) / "finews_desktop" / "resources"
        self.announce(f"building resources into {dest}", level=2)
        self._resource_files = [str(p) for p in _load_build_resources()(dest, HERE / "resources")]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_resource_files", [])]


setup(cmdclass={"build_py": build_py_with_resources})
