"""The start-up dialog for interrupted operations (core/store/journal.py), and the app acting on its answer."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop import app as app_module
from finews_desktop.core import recovery
from finews_desktop.core.store.journal import Interrupted
from finews_desktop.core.store.library import Library
from finews_desktop.ui.dialogs.interrupted import DISCARD, LATER, RESUME, InterruptedDialog

POST = (
    '---\ntitle: "标题{i}"\ndate: 2022-05-20 17:01:37 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>正文</p>'
)

ITEMS = [
    Interrupted("import-1", "import", "Import /data/site", 1_700_000_000, {}, "every post it wrote is complete"),
    Interrupted("2", "curation", "Merge tags a, b into c", 1_700_000_100, {}, "nothing was changed"),
    Interrupted("3", "export", "Export the whole library to /x", 1_700_000_200, {}, "nothing was written to /x"),
]


def test_the_dialog_lists_each_operation_with_what_it_left_and_returns_the_checked_ones(qtbot) -> None:
    dialog = InterruptedDialog(ITEMS)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    assert [t.split("  (")[0] for t in texts] == [i.description for i in ITEMS]
    assert "nothing was changed" in texts[1] and "nothing was written to /x" in texts[2]
    assert dialog.chosen() == ITEMS  # all checked at first
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    assert [i.key for i in dialog.chosen()] == ["import-1", "3"]
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == DISCARD and not dialog.isVisible()


def test_nothing_checked_disables_resume_and_discard_and_later_decides_nothing(qtbot) -> None:
    dialog = InterruptedDialog(ITEMS[:1])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.resume_button.isEnabled() and not dialog.discard_button.isEnabled()
    dialog.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert dialog.resume_button.isEnabled() and dialog.resume_button.isDefault()
    qtbot.mouseClick(dialog.later_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == LATER


def _library_with_interruptions(tmp_path: Path) -> tuple[Path, Path]:
    """A library of 3 posts where a kill left a tag merge and an export unfinished."""
    folder = tmp_path / "lib"
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    for i in range(3):
        (site / "_posts" / f"2022-05-20-p{i}.md").write_text(POST.format(i=i), encoding="utf-8")
    dest = tmp_path / "export"
    with Library.open(folder) as lib:
        from finews_desktop.core.importing.importer import Importer

        Importer(lib).run([str(site)])
        rows = [
            (
                "curation",
                "Merge tags 东财滚动新闻 into 快讯",
                {"method": "merge", "args": ["tag", ["东财滚动新闻"], "快讯"], "kwargs": {}},
            ),
            (
                "export",
                f"Export the whole library to {dest}",
                {
                    "destination": str(dest),
                    "selection": {"ids": None, "query": None, "collection": None, "category": None, "tag": None},
                    "as_zip": False,
                    "posts_only": False,
                    "merge": False,
                    "overwrite": False,
                    "temp": str(tmp_path / ".export.0123456789ab.part"),
                    "token": "0123456789ab",
                },
            ),
        ]
        for kind, text, params in rows:  # as a killed session leaves them (another session's rows)
            lib.db.execute_sql(
                "INSERT INTO operation (kind, description, params, started_at, session) VALUES (?, ?, ?, ?, 'gone')",
                (kind, text, json.dumps(params, ensure_ascii=False), int(time.time())),
            )
    return folder, dest


def _start(tmp_path: Path, folder: Path):  # type: ignore[no-untyped-def]
    return app_module.start(
        ["--language", "en", "--library", str(folder)], settings_path=str(tmp_path / "settings.ini"), synchronous=True
    )


@pytest.mark.parametrize("answer", [RESUME, DISCARD])
def test_the_app_offers_them_at_start_up_and_resumes_or_discards(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answer: str
) -> None:
    folder, dest = _library_with_interruptions(tmp_path)
    shown: list[list[str]] = []

    def exec_(dialog: InterruptedDialog) -> int:
        shown.append([i.kind for i in dialog.items])
        (dialog.resume_button if answer == RESUME else dialog.discard_button).click()
        return 1

    monkeypatch.setattr(InterruptedDialog, "exec", exec_)
    started = _start(tmp_path, folder)
    try:
        lib = started.window.library
        assert shown == [["curation", "export"]]  # one dialog for all of them
        assert recovery.interrupted(lib) == []
        tags = {t for r in lib.post_records(lib.post_ids()) for t in r["tags"]}
        if answer == RESUME:
            assert tags == {"快讯"} and len(list((dest / "_posts").iterdir())) == 3
            assert started.window.curation.controller.undo_stack.count() == 1  # the resumed merge can be undone
        else:
            assert tags == {"东财滚动新闻"} and not dest.exists()
    finally:
        started.window.close()
        started.window.library.close()
