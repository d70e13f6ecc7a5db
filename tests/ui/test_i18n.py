"""The 简体中文 translation is complete and current, and is compiled and found at run time."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from finews_desktop import resources
from finews_desktop.ui import i18n


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(ts).getroot():
        name = ctx.findtext("name")
        for m in ctx.findall("message"):
            out[(name, m.findtext("source"))] = m.find("translation")
    return out


def test_every_string_has_a_chinese_translation() -> None:
    messages = _messages(i18n.ts_file("zh_CN"))
    assert len(messages) > 100
    unfinished = [k for k, tr in messages.items() if tr.get("type") in ("unfinished", "obsolete") or not tr.text]
    assert not unfinished


def test_the_translation_source_is_current(tmp_path: Path) -> None:
    """lupdate over the sources finds exactly the messages the .ts holds (PySide6-Essentials ships lupdate,
    so this runs wherever the app is installed, PATH or not)."""
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [*resources.lupdate_command(), "-silent", "-locations", "none", *map(str, i18n._sources()), "-ts", str(fresh)],
        check=True,
    )
    assert set(_messages(fresh)) == set(_messages(i18n.ts_file("zh_CN"))), (
        "run: python -m finews_desktop.ui.i18n update"
    )


def test_the_english_plural_forms_are_complete_and_current(tmp_path: Path) -> None:
    """finews_en.ts holds the plural forms (%n) of English and nothing else: lupdate -pluralonly over the
    sources finds exactly its messages, each with both forms filled in."""
    fresh = tmp_path / "fresh_en.ts"
    subprocess.run(
        [
            *resources.lupdate_command(),
            "-silent",
            "-locations",
            "none",
            "-pluralonly",
            *map(str, i18n._sources()),
            "-ts",
            str(fresh),
        ],
        check=True,
    )
    plurals = _messages(i18n.ts_file("en"))
    assert plurals and set(plurals) == set(_messages(fresh)), "run: python -m finews_desktop.ui.i18n update"
    unfinished = [k for k, tr in plurals.items() if tr.get("type") is not None or len(tr.findall("numerusform")) != 2]
    unfinished += [k for k, tr in plurals.items() if not all(f.text for f in tr.findall("numerusform"))]
    assert not unfinished


def test_english_loads_its_plural_forms(qapp) -> None:
    translations = i18n.Translations(qapp)
    assert translations.use("en") == "en"
    assert i18n.qm_file("en") is not None
    assert QCoreApplication.translate("CurationUi", "Move %n post(s) to the trash", "", 1) == "Move 1 post to the trash"
    assert (
        QCoreApplication.translate("CurationUi", "Move %n post(s) to the trash", "", 2) == "Move 2 posts to the trash"
    )


def test_the_compiled_translation_is_built_and_loaded(qapp) -> None:
    qm = i18n.qm_file("zh_CN")
    assert qm is not None and qm.exists()
    translations = i18n.Translations(qapp)
    try:
        assert translations.use("zh_CN") == "zh_CN"
        assert QCoreApplication.translate("Sidebar", "All posts") == "全部文章"
        assert QCoreApplication.translate("PostTableModel", "Title") == "标题"
    finally:
        translations.use("en")
    assert QCoreApplication.translate("Sidebar", "All posts") == "All posts"


def test_the_language_follows_the_system_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.resolve_language("system") == "zh_CN"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.resolve_language("system") == "en"
    assert i18n.resolve_language("zh_CN") == "zh_CN"


def test_a_cjk_font_is_preferred_when_installed(qapp) -> None:
    family = i18n.cjk_font_family()
    if family is None:
        pytest.skip("no CJK font installed")
    i18n.apply_cjk_font(qapp)
    assert family in qapp.font().families()
