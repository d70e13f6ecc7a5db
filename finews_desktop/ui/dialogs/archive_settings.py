"""The archive settings dialog: an archive's zone and the `_config.yml` its posts are read by.

Shows what the library keeps for each archive (core/store/archive_rows.py) and
what Jekyll makes of it (core/jekyll/archive_rules.py: the settings applied, or
why Jekyll would refuse the file), and lets the user set the zone of a site
that sets none and edit the kept `_config.yml`. OK hands back an
`ArchiveRequest`; the caller changes the settings as an undoable step.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.jekyll.archive_rules import archive_settings
from finews_desktop.core.store.archive_rows import ArchiveInfo


@dataclass(frozen=True)
class ArchiveRequest:
    archive_id: int
    timezone: str
    config: bytes | None


def _zones() -> list[str]:
    return sorted(z for z in available_timezones() if "/" in z or z == "UTC")


class ArchiveSettingsDialog(QDialog):
    def __init__(self, archives: list[ArchiveInfo], parent: QWidget | None = None, current: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("archiveSettingsDialog")
        self.archives = archives
        self.setWindowTitle(self.tr("Archive Settings"))
        self._shown: tuple[bytes | None, str] = (None, "")
        self.archive = QComboBox()
        self.archive.setObjectName("archiveChooser")
        for a in archives:
            self.archive.addItem(self.tr("%1 — %n post(s)", "", a.posts).replace("%1", a.name or a.root), a.id)
        self.root = QLabel()
        self.root.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.zone = QComboBox()
        self.zone.setObjectName("timezone")
        self.zone.setEditable(True)
        self.zone.addItems(_zones())
        self.zone.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.zone.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_note = QLabel()
        self.zone_note.setWordWrap(True)
        self.applied = QLabel()
        self.applied.setWordWrap(True)
        self.config = QPlainTextEdit()
        self.config.setObjectName("config")
        self.config.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.config.setTabChangesFocus(True)
        self.config.setPlaceholderText(self.tr("No _config.yml: Jekyll's defaults"))
        self.problem = QLabel()
        self.problem.setObjectName("configProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(link-visited);")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Apply and Re-read Posts"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self.archive.currentIndexChanged.connect(self._show_archive)
        self.config.textChanged.connect(self._check)
        self.zone.currentTextChanged.connect(self._check)
        if current is not None and (i := self.archive.findData(current)) >= 0:
            self.archive.setCurrentIndex(i)
        self._show_archive()
        self.resize(640, 560)

    def _lay_out(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("&Archive:"), self.archive)
        form.addRow(self.tr("Imported from:"), self.root)
        form.addRow(self.tr("&Time zone:"), self.zone)
        form.addRow("", self.zone_note)
        form.addRow(self.tr("Settings applied:"), self.applied)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        label = QLabel(
            self.tr("The site's _&config.yml as the library keeps it (editing it here does not change the site):")
        )
        label.setWordWrap(True)
        label.setBuddy(self.config)
        layout.addWidget(label)
        layout.addWidget(self.config, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def current(self) -> ArchiveInfo:
        return self.archives[max(0, self.archive.currentIndex())]

    def _show_archive(self) -> None:
        a = self.current()
        self.root.setText(a.root)
        self.zone.setCurrentText(a.timezone)
        self._shown = (a.config, (a.config or b"").decode("utf-8", "replace"))
        self.config.setPlainText(self._shown[1])
        self._check()

    def _config_bytes(self) -> bytes | None:
        """The config as edited; the kept bytes themselves while the text is as shown (a BOM, CRLF, other bytes)."""
        text = self.config.toPlainText()
        if text == self._shown[1]:
            return self._shown[0]
        return text.encode("utf-8") if text.strip() else None

    def _check(self) -> None:
        """Say what Jekyll makes of the settings as they stand; OK only when it would build with them."""
        zone = self.zone.currentText().strip()
        settings = archive_settings(self._config_bytes(), zone or "UTC")
        site_zone = settings.timezone is not None
        self.zone.setEnabled(not site_zone)
        if site_zone:
            self.zone_note.setText(
                self.tr("Set by the site's _config.yml (timezone: %1).").replace("%1", str(settings.timezone))
            )
        else:
            self.zone_note.setText(
                self.tr(
                    "The site sets no timezone: Jekyll would use the zone of the computer that builds it. "
                    "Its dates and URLs use this zone; change it and they are read again."
                )
            )
        self.applied.setText(", ".join(settings.applied) or self.tr("Jekyll's defaults"))
        problem = ""
        if zone not in self._known_zones():
            problem = self.tr("%1 is not a time zone this computer knows.").replace("%1", zone or '""')
        elif settings.fatal:
            problem = self.tr("Jekyll would refuse these settings: %1").replace("%1", settings.fatal)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _known_zones(self) -> set[str]:
        if not hasattr(self, "_zone_set"):
            self._zone_set = available_timezones() | {"UTC"}
        return self._zone_set

    def request(self) -> ArchiveRequest:
        return ArchiveRequest(self.current().id, self.zone.currentText().strip(), self._config_bytes())
