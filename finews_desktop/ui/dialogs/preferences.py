"""The settings dialog: library location, language, timezone, how long a post is shown before it is read."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.ui.i18n import LANGUAGES


@dataclass(frozen=True)
class Preferences:
    library_dir: str  # "" = the default library
    language: str  # system | en | zh_CN
    timezone: str  # "" = the system's; the library's default for archives that name none
    open_library: str = ""  # the folder of the library open now (shown, not chosen here)
    read_delay_ms: int = 1500  # a post shown alone this long is read (ui/reading.py); 0: only marking reads it


class PreferencesDialog(QDialog):
    def __init__(
        self, prefs: Preferences, *, default_library: str, system_timezone: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preferences")
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(560)
        self.default_library = default_library
        self.open_library = prefs.open_library
        library_row = self._library_row(prefs)
        self._language_box(prefs)
        self._timezone_box(prefs, system_timezone)
        self._read_delay_box(prefs)

        form = QFormLayout()
        form.addRow(self.tr("Open library:"), self.open_label)
        form.addRow(self.tr("Library folder:"), library_row)
        form.addRow("", _note(self.tr("A folder holding library.sqlite3; a new folder gets a new, empty library.")))
        form.addRow(self.tr("Language:"), self.language_box)
        form.addRow(self.tr("Timezone:"), self.timezone_box)
        form.addRow(
            "",
            _note(self.tr("Used for the dates of archives whose _config.yml names no timezone, at their next import.")),
        )
        form.addRow(self.tr("Mark posts read after:"), self.read_delay_box)
        form.addRow("", _note(self.tr("How long a post is shown alone before it counts as read.")))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(buttons)

    def _library_row(self, prefs: Preferences) -> QHBoxLayout:
        """The open library's folder, and the field for the library opened at start-up with its Browse…."""
        self.library_edit = QLineEdit(prefs.library_dir)
        self.library_edit.setObjectName("libraryDir")
        self.library_edit.setPlaceholderText(self.default_library)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.library_edit, 1)
        row.addWidget(browse)
        self.open_label = QLabel(prefs.open_library)
        self.open_label.setObjectName("openLibrary")
        self.open_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_label.setWordWrap(True)
        return row

    def _language_box(self, prefs: Preferences) -> None:
        self.language_box = QComboBox()
        self.language_box.setObjectName("language")
        self.language_box.addItem(self.tr("System default"), "system")
        for code, name in LANGUAGES.items():
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(prefs.language)))

    def _timezone_box(self, prefs: Preferences, system_timezone: str) -> None:
        self.timezone_box = QComboBox()
        self.timezone_box.setObjectName("timezone")
        self.timezone_box.setEditable(False)
        self.timezone_box.addItem(self.tr("System (%1)").replace("%1", system_timezone), "")
        for name in sorted(available_timezones()):
            self.timezone_box.addItem(name, name)
        self.timezone_box.setCurrentIndex(max(0, self.timezone_box.findData(prefs.timezone)))

    def _read_delay_box(self, prefs: Preferences) -> None:
        self.read_delay_box = QDoubleSpinBox()
        self.read_delay_box.setObjectName("readDelay")
        self.read_delay_box.setRange(0.0, 60.0)
        self.read_delay_box.setDecimals(1)
        self.read_delay_box.setSingleStep(0.5)
        self.read_delay_box.setSuffix(self.tr(" s"))
        self.read_delay_box.setSpecialValueText(self.tr("Never: only when marked"))
        self.read_delay_box.setValue(prefs.read_delay_ms / 1000)

    def _browse(self) -> None:
        start = self.library_edit.text() or self.default_library
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the Library Folder"), start)
        if folder:
            self.library_edit.setText(folder)

    def preferences(self) -> Preferences:
        return Preferences(
            library_dir=self.library_edit.text().strip(),
            language=self.language_box.currentData() or "system",
            timezone=self.timezone_box.currentData() or "",
            open_library=self.open_library,
            read_delay_ms=round(self.read_delay_box.value() * 1000),
        )


def _note(text: str) -> QLabel:
    """A greyed line under a field that says what it does."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label
