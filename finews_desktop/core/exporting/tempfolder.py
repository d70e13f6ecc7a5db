"""An export's temporary folder beside its destination, and the marker that proves it ours.

An export writes into `.<name>.<token>.part` and moves it into place; the marker file
beside it is written before the folder exists and again once it does, so that after a
kill the next writer can tell a folder it may remove from one it must leave alone.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Any

MARKER_SUFFIX = ".finews-export"
_TEMP_NAME = re.compile(r"^\..+\.([0-9a-f]{12})\.part$")


def export_temp_path(destination: Path) -> tuple[Path, str]:
    """(the temporary path an export writes before moving it into place, its token)."""
    token = secrets.token_hex(6)
    return destination.parent / f".{destination.name}.{token}.part", token


def marker_path(temp: Path | str) -> Path:
    return Path(str(temp) + MARKER_SUFFIX)


def write_marker(temp: Path, token: str, created: bool) -> None:
    """The marker beside an export's temporary path: written before it exists, then once it does."""
    marker_path(temp).write_text(json.dumps({"token": token, "created": created, "pid": os.getpid()}))


def read_marker(temp: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(marker_path(temp).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_export_temp(temp: Path, token: str) -> str:
    """Remove an export's temporary path and marker if they are provably ours; says what was done."""
    match = _TEMP_NAME.match(temp.name)
    marker = read_marker(temp)
    if not match or match.group(1) != token or not marker or marker.get("token") != token:
        if os.path.lexists(temp):
            return f"the temporary {temp} was left alone (it does not carry this export's marker)"
        return ""
    existed = os.path.lexists(temp)
    if temp.is_dir() and not temp.is_symlink():
        shutil.rmtree(temp, ignore_errors=True)
    elif existed:
        temp.unlink(missing_ok=True)
    marker_path(temp).unlink(missing_ok=True)
    return f"its temporary {temp} was removed" if existed else ""
