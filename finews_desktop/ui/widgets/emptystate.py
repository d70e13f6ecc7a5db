"""The friendly first-run page shown instead of the post list while the library is empty."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from finews_desktop.ui.icons import icon


class EmptyState(QWidget):
    importFolderRequested = Signal()
    importFilesRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.folder_button = QPushButton(icon("import-folder"), "")
        self.files_button = QPushButton(icon("import-files"), "")
        self.folder_button.setObjectName("emptyImportFolder")
        self.folder_button.clicked.connect(self.importFolderRequested)
        self.files_button.clicked.connect(self.importFilesRequested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.files_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(12)
        layout.addWidget(self.text)
        layout.addSpacing(18)
        layout.addLayout(buttons)
        layout.addStretch(3)
        self.setAcceptDrops(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Your library is empty"))
        self.text.setText(
            self.tr(
                "Drop a Jekyll archive folder (the one holding _posts), post files or a .zip anywhere on this "
                "window to import it, or choose one."
            )
        )
        self.folder_button.setText(self.tr("Import Folder…"))
        self.files_button.setText(self.tr("Import Files…"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
