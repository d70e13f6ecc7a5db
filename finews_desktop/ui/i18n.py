"""Languages and fonts: finding, compiling and installing the translations; the CJK font.

The translation source `resources/translations/finews_<lang>.ts` is committed.
An installed wheel carries the compiled `.qm` (setup.py's build step, see
finews_desktop.resources); in a checkout (`pip install -e .`), the first run
compiles the `.ts` into the user cache dir with the `lrelease` that ships with
PySide6, and `python -m finews_desktop.ui.i18n compile` writes it beside the .ts.

`python -m finews_desktop.ui.i18n update` refreshes the `.ts` from the sources
(pyside6-lupdate) keeping the translations already made.

English is the sources' own language, but a message with a count (`tr("%n post(s)", "", n)`) needs
its plural forms: `finews_en.ts` holds only those (`lupdate -pluralonly`), so English reads "1 post"
and "2 posts".
"""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from finews_desktop import resources
from finews_desktop.core.paths import cache_dir

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"
# language code -> its own name (never translated: a user must recognise their language)
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
TS_PREFIX = "finews_"
PLURALS_ONLY = frozenset({SOURCE_LANGUAGE})  # translation files that hold only the plural forms (%n)

# Preferred fonts for Chinese text, in order; the first installed one becomes the UI font's CJK fallback.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
)


def translations_dir() -> Path:
    """The installed package's compiled translations, else the checkout's .ts (finews_desktop.resources)."""
    return resources.translations_dir()


def ts_file(lang: str) -> Path:
    return translations_dir() / f"{TS_PREFIX}{lang}.ts"


def compile_ts(ts: Path, qm: Path) -> None:
    """Compile with the lrelease that ships with PySide6, atomically (another instance may be reading)."""
    tmp = qm.with_name(qm.name + ".tmp")
    resources.compile_translation(ts, tmp)
    os.replace(tmp, qm)


def qm_file(lang: str) -> Path | None:
    """An up-to-date compiled translation for `lang`, compiling it into the cache if needed."""
    ts = ts_file(lang)
    beside = ts.with_suffix(".qm")
    if not ts.exists():
        return beside if beside.exists() else None
    if beside.exists() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    digest = hashlib.blake2b(ts.read_bytes(), digest_size=8).hexdigest()
    cached = cache_dir() / "translations" / f"{TS_PREFIX}{lang}-{digest}.qm"
    if cached.exists():
        return cached
    try:
        compile_ts(ts, cached)
    except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
        log.warning("cannot compile %s: %s", ts, exc)
        return beside if beside.exists() else None
    return cached


def system_language() -> str:
    """The translation that fits the system locale (any Chinese locale gets 简体中文)."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("-", "_")
        if code.startswith("zh"):
            return "zh_CN"
        if code.startswith("en"):
            return "en"
        if code.split("_")[0] in {c.split("_")[0] for c in LANGUAGES}:
            return code
    return SOURCE_LANGUAGE


def resolve_language(preference: str) -> str:
    return system_language() if preference not in LANGUAGES else preference


class Translations:
    """The translators installed on the application; `use` switches language at run time."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = SOURCE_LANGUAGE
        self._installed: list[QTranslator] = []

    def use(self, preference: str) -> str:
        lang = resolve_language(preference)
        for tr in self._installed:
            self.app.removeTranslator(tr)
        self._installed = []
        if lang != SOURCE_LANGUAGE:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt_tr = QTranslator(self.app)
            if qt_tr.load(f"qtbase_{lang}", qt_dir):
                self._install(qt_tr)
        qm = qm_file(lang)  # English too: its plural forms
        ours = QTranslator(self.app)
        if qm is not None and ours.load(str(qm)):
            self._install(ours)
        else:
            log.warning("no translation for %s", lang)
        QLocale.setDefault(QLocale(lang if lang != SOURCE_LANGUAGE else "en_US"))
        self.language = lang
        return lang

    def _install(self, tr: QTranslator) -> None:
        self.app.installTranslator(tr)
        self._installed.append(tr)


def cjk_font_family() -> str | None:
    families = set(QFontDatabase.families())
    return next((f for f in CJK_FONTS if f in families), None)


def apply_cjk_font(app: QApplication) -> None:
    """Keep the platform's UI font for Latin text and pick a Simplified Chinese font for CJK."""
    cjk = cjk_font_family()
    if cjk is None:
        return
    font = QFont(app.font())
    families = [f for f in font.families() or [font.family()] if f != cjk]
    font.setFamilies([*families, cjk])
    app.setFont(font)


# --- maintaining the translation files --------------------------------------------------


def _sources() -> list[Path]:
    pkg = Path(__file__).resolve().parent.parent
    return sorted([pkg / "app.py", *pkg.joinpath("ui").rglob("*.py")])


def update_ts(lang: str) -> None:
    """Refresh the .ts from the sources with pyside6-lupdate (keeps existing translations)."""
    try:
        lupdate = resources.lupdate_command()
    except RuntimeError as e:
        raise SystemExit(str(e)) from None
    ts = ts_file(lang)
    ts.parent.mkdir(parents=True, exist_ok=True)
    plurals = ["-pluralonly", "-source-language", "en", "-target-language", "en"] if lang in PLURALS_ONLY else []
    subprocess.run(
        [*lupdate, "-no-obsolete", "-locations", "none", *plurals, *map(str, _sources()), "-ts", str(ts)], check=True
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "compile"
    langs = list(LANGUAGES)  # English's file holds its plural forms
    for lang in langs:
        if command == "update":
            update_ts(lang)
        elif command == "compile":
            compile_ts(ts_file(lang), ts_file(lang).with_suffix(".qm"))
            print(f"compiled {ts_file(lang).with_suffix('.qm')}")
        else:
            print("usage: python -m finews_desktop.ui.i18n [update|compile]", file=sys.stderr)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
