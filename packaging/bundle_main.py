"""The PyInstaller bundle's entry point: multiprocessing's helpers first, then the app.

A frozen app starts its forkserver, resource tracker and spawned import workers by
running its own executable again; `freeze_support()` (patched by PyInstaller's
runtime hook on every platform) turns those runs into the helper they were meant
to be instead of a second window.

FINEWS_BUNDLE_CHECK names a JSON file only when scripts/build_bundle.py tries a
built bundle. The app then starts as usual and, from its event loop, does what the
check needs a user to do, through the window's own models and actions: it waits
for the library's list and for the import of the archive it was opened with,
closes the import report, selects the post titled `title`, asks for its remote
images (Load Images) and prints `bundle-check: ...` lines saying what happened,
then `bundle-check: done` (or `bundle-check: FAILED ...`). The images come from the
check's own server on 127.0.0.1; https needs the check's certificate authority
(`ca_file`), which is added to Qt's trusted ones for this run. Closing the window
stays the check's job, as a window manager's close button.
"""

import multiprocessing
import os
import sys

CHECK_VARIABLE = "FINEWS_BUNDLE_CHECK"
CHECK_TIMEOUT_S = 120


def _say(*words: object) -> None:
    print("bundle-check:", *words, flush=True)


def _check_steps(window, config):
    """What the check does, one step per yield (the value says what it waits for)."""
    from PySide6.QtGui import QImage
    from PySide6.QtNetwork import QSslConfiguration, QSslSocket

    if config.get("ca_file"):
        ssl = QSslConfiguration.defaultConfiguration()
        ssl.addCaCertificates(config["ca_file"])
        QSslConfiguration.setDefaultConfiguration(ssl)
    _say(
        "tls",
        QSslSocket.activeBackend(),
        QSslSocket.sslLibraryVersionString(),
        "supported" if QSslSocket.supportsSsl() else "NOT SUPPORTED",
    )

    from finews_desktop.core.search import index as search_index

    numpy = search_index._np
    if numpy is None:
        _say("numpy NOT IMPORTABLE: the search index takes its plain Python path")
    else:  # the search index's numpy work (bit sets <-> id arrays), as when it builds or searches
        ids = [3, 17, 40000]
        back = search_index.bits_to_array(search_index.array_to_bits(numpy.array(ids, dtype=numpy.int64)))
        dot = float(numpy.arange(4.0).dot(numpy.arange(4.0)))  # the dot products the spec's BLAS stand-in has
        right = back.tolist() == ids and dot == 14.0
        _say("numpy", numpy.__version__, "ok" if right else f"WRONG {back.tolist()} {dot}")

    model = window.model
    while model.rowCount() == 0:
        yield "the library's posts in the list"
    _say("library", model.rowCount(), "posts listed")

    while window.last_report is None or getattr(window, "_import_task", None) is not None:
        yield "the import of the archive the app was opened with"
    counts = window.last_report.counts()
    _say("imported", counts.get("imported"), "updated", counts.get("updated"), "errors", counts.get("errors", 0))
    if window.report_dialog is not None and window.report_dialog.isVisible():
        window.report_dialog.accept()  # the report's Close button

    title, row = config["title"], None
    while row is None:
        yield f"the post {title!r} in the list"
        for r in range(min(model.rowCount(), 500)):
            post = model.row(r)
            if post is not None and post.title == title:
                row = r
                break
    window.table.selectRow(row)
    preview = window.preview
    while preview.record is None or preview.rendered is None or preview.post_id != model.post_id(row):
        yield "the preview of the post"
    images = list(preview.rendered.images)
    _say("preview", repr(title), "row", row, "with", len(images), "remote images")

    results = {}
    preview.loader.loaded.connect(lambda url, data: results.setdefault(url, QImage.fromData(data)))
    preview.loader.failed.connect(lambda url, reason: results.setdefault(url, reason))
    preview.action_load_images.trigger()  # the Load Images menu item
    while any(preview.image_state(img.id) == "pending" for img in images):
        yield "the images"
    for img in images:
        got = results.get(img.url)
        if isinstance(got, QImage):
            _say("image", img.url, preview.image_state(img.id), f"{got.width()}x{got.height()}")
        else:
            _say("image", img.url, preview.image_state(img.id), got)
    _say("done")


def _start_check(started, path: str) -> None:
    import json
    import time

    from PySide6.QtCore import QTimer

    with open(path, encoding="utf-8") as f:
        config = json.load(f)
    steps = _check_steps(started.window, config)
    deadline = time.monotonic() + CHECK_TIMEOUT_S
    timer = QTimer(started.window)
    timer.setInterval(50)
    waiting = ["the start"]

    def step() -> None:
        try:
            waiting[0] = next(steps)
        except StopIteration:
            timer.stop()
            return
        except Exception as exc:  # said as a line for the check, then raised for the traceback in the log
            timer.stop()
            _say("FAILED", f"{type(exc).__name__}: {exc}")
            raise
        if time.monotonic() > deadline:
            timer.stop()
            _say("FAILED", f"waited {CHECK_TIMEOUT_S} s for {waiting[0]}")

    timer.timeout.connect(step)
    timer.start()


def _run_app() -> int:
    from finews_desktop import app

    check = os.environ.pop(CHECK_VARIABLE, None)  # not passed on to the import's child processes
    if check:
        start = app.start

        def start_and_check(argv, **kwargs):
            started = start(argv, **kwargs)
            _start_check(started, check)
            return started

        app.start = start_and_check
    return app.main()


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(_run_app())
