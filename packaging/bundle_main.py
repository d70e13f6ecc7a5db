"""The PyInstaller bundle's entry point: multiprocessing's helpers first, then the app.

A frozen app starts its forkserver, resource tracker and spawned import workers by
running its own executable again; `freeze_support()` (patched by PyInstaller's
runtime hook on every platform) turns those runs into the helper they were meant
to be instead of a second window.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from finews_desktop.app import main

    sys.exit(main())
