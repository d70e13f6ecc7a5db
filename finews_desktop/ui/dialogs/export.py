"""Export from the window: the dialog that chooses what, where and how, and the report when it ends.

The dialog offers the command line's choices (`finews export`): the selected
posts, the current search result, a collection or the whole library; a folder
or a .zip; posts only, merge into a folder, overwrite, the imported site's
other files, and portable names (for an archive copied to Windows or macOS). It only builds an `ExportRequest`; `ui/exporting.py` runs it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.exporting.report import ExportReport
from finews_desktop.core.exporting.selection import Selection
from finews_desktop.ui import messages

SCOPES = ("selection", "search", "collection", "library")
NOTE_KEY = "note"  # the front matter key a post's note is written as, when asked (core/exporting/notes.py)


@dataclass(frozen=True)
class ExportScopes:
    """What the window can offer to export, with the number of posts of each."""

    selected_ids: tuple[int, ...] = ()
    query: str = ""
    search_count: int = 0
    collections: tuple[tuple[str, int], ...] = ()  # (name, posts)
    library_count: int = 0
    preferred: str = "library"
    collection: str | None = None  # the collection to preselect


@dataclass(frozen=True)
class ExportRequest:
    """One export as the dialog left it: the core's Selection and the Exporter's options."""

    selection: Selection
    destination: str
    as_zip: bool
    posts_only: bool = False
    merge: bool = False
    overwrite: bool = False
    site_files: bool = False
    portable_names: bool = False
    note_key: str = ""  # each post's private note as this front matter key ('' : notes stay out)

    def options(self) -> dict[str, Any]:
        """The Exporter's keyword arguments."""
        return {
            "as_zip": self.as_zip,
            "posts_only": self.posts_only,
            "merge": self.merge,
            "overwrite": self.overwrite,
            "site_files": self.site_files,
            "portable_names": self.portable_names,
            "note_key": self.note_key,
        }


class ExportDialog(QDialog):
    """What to export (with counts), where to (a folder or a .zip, with Browse…), and how."""

    def __init__(self, scopes: ExportScopes, destination: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export"))
        self.scopes = scopes
        self._site_files_touched = False
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_scope())
        layout.addWidget(self._build_destination(destination))
        layout.addWidget(self._build_options())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Export"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._choose_scope(scopes.preferred)
        self._update()
        self.path_edit.setFocus()

    # --- building

    def _build_scope(self) -> QGroupBox:
        s = self.scopes
        box = QGroupBox(self.tr("Posts"))
        grid = QGridLayout(box)
        self.scope_group = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        texts = {
            "selection": self.tr("&Selected posts (%n)", "", len(s.selected_ids)),
            "search": self.tr("Current search res&ult (%n)", "", s.search_count),
            "collection": self.tr("C&ollection:"),
            "library": self.tr("The &whole library (%n)", "", s.library_count),
        }
        for row, scope in enumerate(SCOPES):
            button = QRadioButton(texts[scope])
            button.setObjectName(f"scope_{scope}")
            self.scope_group.addButton(button, row)
            self.scope_buttons[scope] = button
            grid.addWidget(button, row, 0)
        self.scope_buttons["selection"].setEnabled(bool(s.selected_ids))
        self.scope_buttons["search"].setEnabled(bool(s.query) and s.search_count > 0)
        self.scope_buttons["collection"].setEnabled(bool(s.collections))
        if s.query:
            self.scope_buttons["search"].setToolTip(s.query)
        self.collection_box = QComboBox()
        self.collection_box.setObjectName("exportCollection")
        for name, count in s.collections:
            self.collection_box.addItem(self.tr("%1 (%n)", "", count).replace("%1", name), name)
        if s.collection is not None:
            self.collection_box.setCurrentIndex(max(0, self.collection_box.findData(s.collection)))
        self.collection_box.setEnabled(bool(s.collections))
        grid.addWidget(self.collection_box, SCOPES.index("collection"), 1)
        self.scope_group.idToggled.connect(self._scope_toggled)
        self.collection_box.activated.connect(lambda _i: self._choose_scope("collection"))
        return box

    def _build_destination(self, destination: str) -> QGroupBox:
        box = QGroupBox(self.tr("Destination"))
        form = QFormLayout(box)
        kinds = QHBoxLayout()
        self.folder_button = QRadioButton(self.tr("A &folder"))
        self.folder_button.setObjectName("toFolder")
        self.zip_button = QRadioButton(self.tr("A &zip archive"))
        self.zip_button.setObjectName("toZip")
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.folder_button)
        self.kind_group.addButton(self.zip_button)
        kinds.addWidget(self.folder_button)
        kinds.addWidget(self.zip_button)
        kinds.addStretch(1)
        form.addRow(self.tr("Write to:"), kinds)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(destination)
        self.path_edit.setObjectName("exportPath")
        self.path_edit.setPlaceholderText(self.tr("A new or empty folder, or a .zip file"))
        self.path_edit.setMinimumWidth(380)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.setObjectName("exportBrowse")
        self.browse_button.setAutoDefault(False)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.path_label = QLabel(self.tr("Pa&th:"))
        self.path_label.setBuddy(self.path_edit)
        form.addRow(self.path_label, row)
        (self.zip_button if destination.lower().endswith(".zip") else self.folder_button).setChecked(True)
        self.zip_button.toggled.connect(self._kind_changed)
        self.path_edit.textChanged.connect(lambda _t: self._update())
        self.browse_button.clicked.connect(self.browse)
        return box

    def _build_options(self) -> QGroupBox:
        box = QGroupBox(self.tr("Options"))
        column = QVBoxLayout(box)
        self.site_files_box = QCheckBox(
            self.tr("&Include the site's other files (layouts, includes, assets, _config.yml)")
        )
        self.site_files_box.setObjectName("exportSiteFiles")
        self.site_files_box.setToolTip(
            self.tr("The files kept when a whole site was imported, so that the export builds like the original")
        )
        self.posts_only_box = QCheckBox(self.tr("&Posts only (no _config.yml, no category pages)"))
        self.posts_only_box.setObjectName("exportPostsOnly")
        self.merge_box = QCheckBox(self.tr("&Add to a folder that is not empty"))
        self.merge_box.setObjectName("exportMerge")
        self.overwrite_box = QCheckBox(self.tr("&Replace files that differ"))
        self.overwrite_box.setObjectName("exportOverwrite")
        self.portable_box = QCheckBox(self.tr("Portable &names (for copying to Windows or macOS)"))
        self.portable_box.setObjectName("exportPortableNames")
        self.portable_box.setToolTip(
            self.tr(
                "Rename files whose names Windows or macOS cannot hold (such as ':' or '?'); "
                "otherwise every name the destination can hold is kept exactly"
            )
        )
        self.notes_box = QCheckBox(self.tr("Write each post's private note into its front &matter (note:)"))
        self.notes_box.setObjectName("exportNotes")
        self.notes_box.setToolTip(
            self.tr("Off: the posts are written byte for byte as imported; notes stay in the library")
        )
        for widget in (
            self.site_files_box,
            self.posts_only_box,
            self.merge_box,
            self.overwrite_box,
            self.portable_box,
            self.notes_box,
        ):
            column.addWidget(widget)
        self.site_files_box.clicked.connect(self._site_files_clicked)
        for widget in (self.posts_only_box, self.merge_box):
            widget.toggled.connect(lambda _on: self._update())
        return box

    # --- state

    def scope(self) -> str:
        checked = self.scope_group.checkedId()
        return SCOPES[checked] if checked >= 0 else "library"

    def _choose_scope(self, scope: str) -> None:
        order = [scope, "selection", "search", "library"]
        for candidate in order:
            button = self.scope_buttons[candidate]
            if button.isEnabled():
                button.setChecked(True)
                break
        self._scope_changed()

    def _scope_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._scope_changed()

    def _scope_changed(self) -> None:
        if not self._site_files_touched:  # by default with the whole library only, as on the command line
            self.site_files_box.setChecked(self.scope() == "library")
        self._update()

    def _site_files_clicked(self) -> None:
        self._site_files_touched = True

    def _kind_changed(self, as_zip: bool) -> None:
        """Switching between a folder and a zip keeps the path, with or without its .zip."""
        path = self.path_edit.text().strip()
        if path:
            if as_zip and not path.lower().endswith(".zip"):
                self.path_edit.setText(path.rstrip("/\\") + ".zip")
            elif not as_zip and path.lower().endswith(".zip"):
                self.path_edit.setText(path[:-4])
        self._update()

    def _update(self) -> None:
        as_zip = self.zip_button.isChecked()
        self.merge_box.setEnabled(not as_zip)
        self.overwrite_box.setEnabled(as_zip or self.merge_box.isChecked())
        self.site_files_box.setEnabled(not self.posts_only_box.isChecked())
        self.ok_button.setEnabled(bool(self.path_edit.text().strip()))

    def browse(self) -> None:
        start = self.path_edit.text().strip() or str(Path.home())
        if self.zip_button.isChecked():
            path, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export to a Zip Archive"), start, self.tr("Zip archives (*.zip)")
            )
            if path and not path.lower().endswith(".zip"):
                path += ".zip"
        else:
            path = QFileDialog.getExistingDirectory(self, self.tr("Export to a Folder"), start)
        if path:
            self.path_edit.setText(path)

    def selection(self) -> Selection:
        scope = self.scope()
        if scope == "selection":
            return Selection(ids=tuple(self.scopes.selected_ids))
        if scope == "search":
            return Selection(query=self.scopes.query)
        if scope == "collection":
            return Selection(collection=self.collection_box.currentData())
        return Selection()

    def request(self) -> ExportRequest:
        as_zip = self.zip_button.isChecked()
        path = os.path.expanduser(self.path_edit.text().strip())
        if as_zip and not path.lower().endswith(".zip"):
            path += ".zip"
        return ExportRequest(
            self.selection(),
            path,
            as_zip,
            posts_only=self.posts_only_box.isChecked(),
            merge=self.merge_box.isChecked() and not as_zip,
            overwrite=self.overwrite_box.isEnabled() and self.overwrite_box.isChecked(),
            site_files=self.site_files_box.isEnabled() and self.site_files_box.isChecked(),
            portable_names=self.portable_box.isChecked(),
            note_key=NOTE_KEY if self.notes_box.isChecked() else "",
        )


def folder_to_open(report: ExportReport) -> str:
    """The folder an export went to: the destination folder, or the folder that holds the .zip."""
    dest = Path(report.destination)
    return str(dest.parent if dest.suffix.lower() == ".zip" else dest)


class ExportReportDialog(QDialog):
    """What an export did: its figures, every conflict, rename, warning and note, and "Open Folder"."""

    def __init__(
        self,
        report: ExportReport,
        parent: QWidget | None = None,
        opener: Callable[[QUrl], Any] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportReportDialog")
        self.report = report
        self.opener = opener
        self.setWindowTitle(self.tr("Export Cancelled") if report.cancelled else self.tr("Export Finished"))
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        c = report.counts()
        if report.cancelled:
            summary = self.tr("The export was cancelled; nothing was written to %1.")
        else:
            summary = self.tr("%n post(s) exported to %1.", "", c["posts"])
        self.summary = QLabel(summary.replace("%1", report.destination))
        self.summary.setObjectName("exportSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label in self._figure_labels().items():
            value = QLabel(self.locale().toString(c[key]))
            value.setObjectName(f"figure_{key}")
            self.figures[key] = value
            form.addRow(label, value)
        layout.addLayout(form)
        self.details = QTreeWidget()
        self.details.setObjectName("exportDetails")
        self.details.setHeaderLabels([self.tr("What"), self.tr("File"), self.tr("Details")])
        self.details.setRootIsDecorated(False)
        self.details.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.details.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for what, path, detail in self.lines():
            item = QTreeWidgetItem(self.details, [what, path, detail])
            item.setToolTip(2, detail)
        self.details.setVisible(self.details.topLevelItemCount() > 0)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.open_button = buttons.addButton(self.tr("&Open Folder"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.setObjectName("openFolder")
        self.open_button.setEnabled(not report.cancelled and os.path.isdir(folder_to_open(report)))
        self.open_button.clicked.connect(self.open_folder)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _figure_labels(self) -> dict[str, str]:
        return {
            "posts": self.tr("Posts exported:"),
            "written": self.tr("Files written:"),
            "site_files": self.tr("The site's other files:"),
            "unchanged_skipped": self.tr("Already there, unchanged:"),
            "renamed": self.tr("Written under another name:"),
            "conflicts": self.tr("Conflicts (not written):"),
            "not_built": self.tr("Posts Jekyll will not build:"),
            "not_exported": self.tr("Posts left out (path too long):"),
        }

    def lines(self) -> list[tuple[str, str, str]]:
        """(what, file, details) of everything the user may have to act on, conflicts first."""
        r = self.report
        reasons = {
            "unsafe_name": self.tr("the name is not safe on every system"),
            "target_name": self.tr("the destination cannot hold the name"),
            "portable_name": self.tr("Windows or macOS cannot hold the name"),
            "collision": self.tr("another file has the name"),
        }
        conflicts = self._conflict_words()
        out = [(self.tr("Conflict"), c.path, conflicts.get(c.reason, c.reason)) for c in r.conflicts]
        out += [(self.tr("Left out"), n.path, messages.text_of(n.said, n.reason)) for n in r.not_exported]
        skips = self._skip_words()
        for n in r.not_built:
            first = messages.warning_text(n.warnings[0]) if n.warnings else messages.reason(n.skip_reason or "")
            what = self.tr("Aborts the build") if n.aborts_build else self.tr("Not built")
            out.append((what, n.path, skips.get(n.skip_reason or "", first)))
        for renamed in r.renamed:
            detail = self.tr("written as %1: %2").replace("%1", renamed.written)
            why = messages.said(renamed.said) if renamed.said else reasons.get(renamed.reason, "")
            out.append((self.tr("Renamed"), renamed.original, detail.replace("%2", why)))
        notes = [messages.said(m) for m in r.said_notes] if len(r.said_notes) == len(r.notes) else r.notes
        out += [(self.tr("Note"), "", note) for note in notes]
        return out

    def _skip_words(self) -> dict[str, str]:
        """Why Jekyll leaves a post out (core/jekyll/post.py SKIP_REASONS), in words."""
        return {
            "not_a_post": self.tr("Jekyll does not take it for a post (its name does not start with a date)"),
            "not_utf8": self.tr("not UTF-8: Jekyll skips it"),
            "unpublished": self.tr("published: false: Jekyll does not publish it"),
            "future": self.tr("dated after the build: Jekyll builds it once that time has passed"),
            "draft": self.tr("a draft: Jekyll builds it only with show_drafts: true"),
            "limit_posts": self.tr("older than the newest posts the site's limit_posts keeps"),
            "fatal_date": self.tr("a date Jekyll cannot read: the whole build stops"),
            "fatal_slug": self.tr("a name Jekyll cannot make a URL of: the whole build stops"),
            "fatal_name": self.tr("a file name that is not UTF-8: the whole build stops"),
            "yaml_data_file": self.tr("a .yml file: Jekyll reads it as data, not as a post"),
        }

    def _conflict_words(self) -> dict[str, str]:
        """The exporter's fixed reasons for not writing a file (core/exporting/exporter.py), in words."""
        return {
            "a different file is there (use --overwrite to replace it)": self.tr(
                "a different file is there (tick “Replace files that differ” to replace it)"
            ),
            "a folder or a link of that name is there": self.tr("a folder or a link of that name is there"),
            "the folder leads outside the destination": self.tr("the folder leads outside the destination"),
            "a file appeared there during the export": self.tr("a file appeared there during the export"),
        }

    def folder_url(self) -> QUrl:
        return QUrl.fromLocalFile(folder_to_open(self.report))

    def open_folder(self) -> None:
        self.opener(self.folder_url())
