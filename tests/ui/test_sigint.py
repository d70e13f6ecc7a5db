"""Ctrl+C in the terminal that started the app quits it cleanly: no traceback from any of its processes.

A real app in a process group of its own (as a terminal's foreground job), offscreen, on a temporary
library, importing the sample archive in its worker processes; SIGINT goes to the whole group, as
the terminal sends it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _wait_for(path: Path, text: str, proc: subprocess.Popen, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if text in path.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            pytest.fail(f"the app ended early ({proc.returncode}):\n{path.read_text(errors='replace')}")
        time.sleep(0.05)  # polling a file the app writes; the assertion waits on its contents, not on time
    pytest.fail(f"the app did not say {text!r}:\n{path.read_text(errors='replace')}")


@pytest.mark.skipif(sys.platform == "win32", reason="no SIGINT to a process group on Windows")
def test_ctrl_c_quits_the_app_cleanly(tmp_path: Path, corpus: Path) -> None:
    stderr_file = tmp_path / "stderr.txt"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONPATH": str(REPO),
    }
    with open(stderr_file, "wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "finews_desktop",
                "--language",
                "en",
                "--library",
                str(tmp_path / "lib"),
                str(corpus),
            ],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group, which the "terminal" signals
        )
        try:
            _wait_for(stderr_file, "the window is up", proc)
            os.killpg(proc.pid, signal.SIGINT)
            code = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    text = stderr_file.read_text(errors="replace")
    assert code == 0, text
    assert "Traceback" not in text and "KeyboardInterrupt" not in text, text
