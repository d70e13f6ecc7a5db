"""Work-arounds for known bugs of the Qt bindings, each applied only where the bug is.

PySide6 6.12.0 on CPython 3.11 returns `None` from every void method without
taking a reference to it (CPython 3.12+ made None immortal, so the bindings no
longer bother). Each call to e.g. `setObjectName` or `processEvents` drops one
reference; after a few thousand calls None is "deallocated" and the interpreter
aborts ("Fatal Python error: none_dealloc"). The real fix is a PySide6 that is
not 6.12.0 on Python 3.11 (pin it in pyproject.toml); until then the app gives
None, True and False so many extra references that they can never reach zero.
Those objects are never freed anyway, so this changes nothing else.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

BROKEN_VERSIONS = ("6.12.0",)
_EXTRA_REFS = 1 << 40


def bindings_drop_none_references() -> bool:
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import PySide6

    return PySide6.__version__ in BROKEN_VERSIONS


def protect_singletons() -> bool:
    """Apply the work-around when these bindings need it; returns whether it was applied."""
    if not bindings_drop_none_references():
        return False
    for obj in (None, True, False):
        refcnt = ctypes.c_ssize_t.from_address(id(obj))  # ob_refcnt is the first field of every object
        if refcnt.value < _EXTRA_REFS:
            refcnt.value += _EXTRA_REFS
    log.warning(
        "PySide6 %s on Python %d.%d drops references to None; a work-around is active. "
        "Install another PySide6 version (e.g. 6.11) to remove it.",
        __import__("PySide6").__version__,
        *sys.version_info[:2],
    )
    return True
