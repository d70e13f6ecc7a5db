"""The core's messages in the window's language (issue 16, "Complete 简体中文"): the import report's reasons
and messages, the preview's and the post editor's Jekyll warnings, a query problem and the export's notes;
every catalogue code has a window template with the same fields; English reads "1 post" and "2 posts"."""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from finews_desktop.core.exporting.report import ExportReport, NotExported
from finews_desktop.core.importing.importer import SKIPPED_CODES, Importer
from finews_desktop.core.jekyll.post import SKIP_REASONS
from finews_desktop.core.messages import ENGLISH, REASONS, message
from finews_desktop.core.store.library import Library
from finews_desktop.ui import i18n, messages
from finews_desktop.ui.dialogs.export import ExportReportDialog
from finews_desktop.ui.dialogs.import_report import ImportReportDialog
from finews_desktop.ui.models.posts import TITLE, WARNINGS
from tests.core.sites import write_site

CJK = re.compile("[\u4e00-\u9fff]")
# a post that is no post (no date in its name) whose date cannot be read either, and a post whose date aborts
POSTS = {
    "_posts/notes.md": "---\ntitle: notes\ndate: 2022-13-45\n---\nx\n",
    "_posts/2022-05-01-fatal.md": "---\ntitle: fatal\ndate: 2022-13-45\n---\nx\n",
    "_posts/2022-05-02-good.md": "---\ntitle: good\n---\nx\n",
}
BAD_DATE_ZH = "前置元数据中的日期 '2022-13-45' 不是 Jekyll 能读取的日期。"


def _spec(template: str) -> list[tuple[str, str, str | None]]:
    return sorted((name, spec, conv) for _t, name, spec, conv in string.Formatter().parse(template) if name)


def _ts(lang: str, context: str) -> dict[str, ET.Element]:
    root = ET.parse(i18n.ts_file(lang)).getroot()
    return {
        m.findtext("source") or "": m.find("translation")  # type: ignore[misc]
        for ctx in root
        if ctx.findtext("name") == context
        for m in ctx.findall("message")
    }


def test_every_catalogue_code_has_a_window_template_with_the_same_fields(qapp) -> None:
    templates = messages.templates()
    assert set(templates) == set(ENGLISH), "a code of core/messages.py without a template in ui/messages.py"
    for code, english in ENGLISH.items():
        assert templates[code] == english, code  # the window's English is the command line's
        assert _spec(templates[code]) == _spec(english), code
    chinese = _ts("zh_CN", "Messages")
    for code, english in ENGLISH.items():
        translation = chinese[english]
        assert translation.get("type") is None and translation.text, code
        assert _spec(translation.text) == _spec(english), f"{code}: the 简体中文 template's fields differ"
    assert set(messages.reason_words()) == set(REASONS)
    assert set(SKIP_REASONS) | SKIPPED_CODES <= set(REASONS)
    words = _ts("zh_CN", "Reasons")
    assert len(words) == len(REASONS) and all(t.get("type") is None and t.text for t in words.values())


@pytest.fixture
def zh_window(make_window, qtbot, library: Library, tmp_path: Path):
    site = write_site(tmp_path / "site", POSTS)
    window = make_window(language="zh_CN")
    with qtbot.waitSignal(window.importFinished, timeout=30_000):
        window.import_paths([str(site)])
    return window


def _report_dialog(window) -> ImportReportDialog:
    return next(d for d in window.findChildren(ImportReportDialog) if d.isVisible())


def test_the_import_report_in_chinese_has_no_english_message_and_no_raw_code(zh_window, qtbot) -> None:
    dialog = _report_dialog(zh_window)
    model = dialog.model
    codes = {line.code for line in model.lines}
    assert {"not_a_post", "bad_date", "fatal_date"} <= codes
    for row, line in enumerate(model.lines):
        reason = model.data(model.index(row, 2))
        said = model.data(model.index(row, 3))
        assert reason != line.code and CJK.search(reason), (line.code, reason)
        assert CJK.search(said) and line.message not in said, (line.code, said)
        assert not re.search(r"\b(the|is|not|Jekyll cannot)\b(?! build)", said.replace("jekyll build", "")), said
    bad_date = next(r for r, line in enumerate(model.lines) if line.code == "bad_date")
    assert model.data(model.index(bad_date, 2)) == "日期无效"
    assert model.data(model.index(bad_date, 3)) == BAD_DATE_ZH
    dialog.filter_edit.setText("日期无效")  # the reason's words find its lines
    assert {line.code for line in dialog.shown_lines()} == {"bad_date"}


def _show(window, qtbot, path: str) -> int:
    lib = window.library
    (pid,) = [r["id"] for r in lib.post_records(lib.post_ids()) if r["path"] == path]
    qtbot.waitUntil(lambda: window.model.row_of(pid) >= 0)
    row = window.model.row_of(pid)
    window.table.scrollTo(window.model.index(row, TITLE))
    rect = window.table.visualRect(window.model.index(row, TITLE))
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.preview.post_id == pid)
    return pid


def test_the_preview_and_the_post_editor_say_jekyll_warnings_in_chinese(zh_window, qtbot) -> None:
    window = zh_window
    _report_dialog(window).close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    _show(window, qtbot, "_posts/notes.md")
    text = window.preview.toPlainText()
    assert BAD_DATE_ZH in text and "Jekyll 不会把这个文件当作文章构建" in text
    assert "is not a date Jekyll can read" not in text and "does not build this file" not in text
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: getattr(window.curation, "post_dialog", None) is not None)
    dialog = window.curation.post_dialog
    assert BAD_DATE_ZH in dialog.warnings.text() and "Jekyll can read" not in dialog.warnings.text()
    dialog.reject()


def test_the_list_warnings_column_tooltip_is_in_chinese(zh_window, qtbot) -> None:
    model = zh_window.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    tips = [model.data(model.index(r, WARNINGS), Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())]
    said = "\n".join(t for t in tips if t)
    assert BAD_DATE_ZH in said and "is not a date Jekyll can read" not in said


def test_a_query_problem_is_said_in_chinese(zh_window, qtbot) -> None:
    window = zh_window
    _report_dialog(window).close()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "(abc")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    note = window.query_problem.note
    qtbot.waitUntil(note.isVisible)
    assert "第 1 个字符处的 ( 没有闭合。" in note.text() and "never closed" not in note.text()
    assert "第 1 个字符处的 ( 没有闭合。" in window.statusBar().currentMessage()
    qtbot.keyClicks(window.search_box, ")")  # fixed: the note goes at that keystroke
    qtbot.waitUntil(lambda: not note.isVisible())


def test_a_query_problem_shown_before_a_language_switch_is_said_again_in_the_new_language(make_window, qtbot) -> None:
    window = make_window(language="en")
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, "(abc")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    note = window.query_problem.note
    qtbot.waitUntil(note.isVisible)
    assert "never closed" in note.text()
    window.ctx.translations.use("zh_CN")  # what Settings does when the language is changed there
    try:
        qtbot.waitUntil(lambda: "第 1 个字符处的 ( 没有闭合。" in note.text())
        assert "never closed" not in note.text()
    finally:
        window.ctx.translations.use("en")
    qtbot.waitUntil(lambda: "never closed" in note.text())


def test_the_export_report_says_its_notes_and_reasons_in_chinese(qtbot, qapp) -> None:
    translations = i18n.Translations(qapp)
    translations.use("zh_CN")
    try:
        report = ExportReport()
        report.note(message("export_archives", count=2, root="/a/site"))
        too_long = message("export_path_too_long", size=5000, over=905, limit=4095)
        report.not_exported.append(NotExported(1, "_posts/x.md", "_posts/x.md", too_long.text, too_long))
        dialog = ExportReportDialog(report)
        qtbot.addWidget(dialog)
        details = [detail for _what, _path, detail in dialog.lines()]
        assert "这些文章来自 2 个归档；_config.yml 取自 /a/site。" in details
        assert "它在导出中的路径将有 5,000 字节，比那里路径允许的 4,095 字节多 905 字节" in details
    finally:
        translations.use("en")


def test_a_translation_that_cannot_be_formatted_falls_back_to_english(qapp, monkeypatch) -> None:
    said = message("bad_date", date="x", where=message("in_file_name"))
    monkeypatch.setattr(messages, "_current", lambda: ({"bad_date": "{nonsense}"}, {}))
    assert messages.said(said) == "The date 'x' in the file name is not a date Jekyll can read."
    assert messages.warning_text({"code": "bad_date", "message": "stored English"}) == "stored English"


def _click_row(window, qtbot, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    point = window.table.visualRect(window.model.index(row, TITLE)).center()
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, modifier, point)


def test_english_says_1_post_and_2_posts(make_window, qtbot, library: Library, tmp_path: Path) -> None:
    posts = {f"_posts/2022-05-0{i}-post-{i}.md": f"---\ntitle: post {i}\n---\nbody {i}\n" for i in range(1, 5)}
    Importer(library, workers=0).run([str(write_site(tmp_path / "site", posts))])
    window = make_window()
    qtbot.waitUntil(lambda: window.model.rowCount() == 4)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    undo = next(a for a in window.edit_menu.actions() if a.objectName() == "undo")
    _click_row(window, qtbot, 0)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    assert undo.text() == "&Undo Move 1 post to the trash"
    _click_row(window, qtbot, 0)
    _click_row(window, qtbot, 1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert undo.text() == "&Undo Move 2 posts to the trash"
