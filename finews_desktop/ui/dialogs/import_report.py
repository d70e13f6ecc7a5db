"""The report shown when an import ends: the counts and every problem with its file and reason."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from finews_desktop.core.importing.importer import ImportReport
from finews_desktop.core.messages import Message
from finews_desktop.ui import messages
from finews_desktop.ui.icons import icon

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ReportLine:
    kind: str  # error | warning | skipped
    path: str
    code: str
    message: str  # in English, as the core made it
    said: Message | None = None  # the same as a message of the core's catalogue, shown in the window's language

    def reason(self) -> str:
        return messages.reason(self.code)

    def text(self) -> str:
        return messages.text_of(self.said, self.message)


def report_lines(report: ImportReport) -> list[ReportLine]:
    """Every problem once, errors first; skipped files that had no problem entry too."""
    lines: list[ReportLine] = []
    seen: set[tuple[str, str]] = set()
    for p in sorted(report.problems, key=lambda p: p.level != "error"):
        lines.append(ReportLine(p.level, p.path, p.code, p.message, p.said))
        seen.add((p.path, p.code))
    for p in report.skipped:
        if (p.path, p.code) not in seen:
            lines.append(ReportLine("skipped", p.path, p.code, p.message, p.said))
            seen.add((p.path, p.code))
    return lines


def kind_label(kind: str) -> str:
    return {
        "error": QCoreApplication.translate("ImportReportDialog", "Error"),
        "warning": QCoreApplication.translate("ImportReportDialog", "Warning"),
        "skipped": QCoreApplication.translate("ImportReportDialog", "Skipped"),
    }.get(kind, kind)


class ReportModel(QAbstractTableModel):
    def __init__(self, lines: list[ReportLine], parent: Any = None) -> None:
        super().__init__(parent)
        self.lines = lines

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return (
                QCoreApplication.translate("ImportReportDialog", "Kind"),
                QCoreApplication.translate("ImportReportDialog", "File"),
                QCoreApplication.translate("ImportReportDialog", "Reason"),
                QCoreApplication.translate("ImportReportDialog", "Message"),
            )[section]
        return None

    def text(self, line: ReportLine, column: int) -> str:
        return (kind_label(line.kind), line.path, line.reason(), line.text())[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(line, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return icon({"error": "error", "warning": "warning"}.get(line.kind, "info"))
        if role == Qt.ItemDataRole.UserRole:
            return line.kind
        return None


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self.needle = ""

    def set_filter(self, kind: str, needle: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt >= 6.9
            self.beginFilterChange()
            self.kind, self.needle = kind, needle.casefold()
            self.endFilterChange()
        else:
            self.kind, self.needle = kind, needle.casefold()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ReportModel)
        line = model.lines[row]
        if self.kind and line.kind != self.kind:
            return False
        if self.needle:
            parts = (line.path, line.code, line.reason(), line.text())
            return any(self.needle in part.casefold() for part in parts)
        return True


class ImportReportDialog(QDialog):
    """The report; double-click (or Enter on) a line to open its post in the window (`postRequested(path)`)."""

    postRequested = Signal(str)  # the file's path as the report shows it

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importReport")
        self.report = report
        self.setWindowTitle(self.tr("Import Report"))
        self.resize(1100, 560)
        self.summary = self._make_summary(report)
        self.model = ReportModel(report_lines(report), self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        filters = self._make_filters()
        self.table = self._make_table()
        self.empty_label = QLabel(self.tr("No warnings or errors."))
        self.empty_label.setVisible(not self.model.lines)
        buttons = self._make_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(buttons)

    def _make_summary(self, report: ImportReport) -> QLabel:
        """The counts in one bold line, the time it took, and whether it was cancelled."""
        c = report.counts()
        loc = self.locale()
        summary = QLabel()
        summary.setObjectName("reportSummary")
        summary.setTextFormat(Qt.TextFormat.RichText)
        parts = [
            self.tr("Imported: %1").replace("%1", loc.toString(c["imported"])),
            self.tr("Updated: %1").replace("%1", loc.toString(c["updated"])),
            self.tr("Unchanged: %1").replace("%1", loc.toString(c["unchanged"])),
            self.tr("Skipped: %1").replace("%1", loc.toString(c["skipped"])),
            self.tr("Warnings: %1").replace("%1", loc.toString(c["warnings"])),
            self.tr("Errors: %1").replace("%1", loc.toString(c["errors"])),
        ]
        head = " &nbsp;·&nbsp; ".join(f"<b>{p}</b>" for p in parts)
        seconds = self.tr("in %1 s").replace("%1", loc.toString(report.seconds, "f", 1 if report.seconds >= 10 else 2))
        if report.cancelled:
            head += "<br/>" + self.tr("The import was cancelled; every post written before that is complete.")
        summary.setText(
            f"{head} &nbsp; <span style='color:gray'>{seconds}</span>{self._sites_text(report)}{self._rules_text(report)}"
        )
        summary.setWordWrap(True)
        return summary

    def _sites_text(self, report: ImportReport) -> str:
        """Each site's _config.yml settings applied and the zone its dates are in (and why that zone)."""
        lines = []
        for site in report.sites:
            applied = ", ".join(site.applied) or self.tr("none (Jekyll's defaults)")
            zone = {
                "site": self.tr("dates in %2 (the site's timezone)"),
                "utc": self.tr("dates in UTC: Ruby does not know the site's timezone, so Jekyll builds in UTC"),
                "archive": self.tr("dates in %2 (the archive's zone: the site sets no timezone)"),
                "machine": self.tr(
                    "dates in %2, this computer's zone: the site sets no timezone (File ▸ Archive Settings… changes it)"
                ),
            }.get(site.zone_source, "%2")
            text = self.tr("Site “%1”: settings applied: %3; %4")
            text = text.replace("%1", html.escape(site.site)).replace("%3", html.escape(applied))
            lines.append(text.replace("%4", zone.replace("%2", html.escape(site.timezone))))
        if report.rederived:
            lines.append(
                self.tr(
                    "%n post(s) already in the library read again by the site's changed settings.", "", report.rederived
                )
            )
        return "".join(f"<br/>{t}" for t in lines)

    def _rules_text(self, report: ImportReport) -> str:
        """What the watch queries' rules did to this import's posts, a line each."""
        from finews_desktop.core.watching.queries import read_rule_line

        lines = []
        for line, n in sorted(report.rules.items()):
            kind, search, value = read_rule_line(line)
            text = (
                self.tr("Rule of “%1”: %n post(s) tagged %2", "", n)
                if kind == "tag"
                else self.tr("Rule of “%1”: %n post(s) added to collection %2", "", n)
            )
            lines.append(text.replace("%1", html.escape(search)).replace("%2", html.escape(value)))
        return "".join(f"<br/>{t}" for t in lines)

    def _make_filters(self) -> QHBoxLayout:
        """Which kind of problem, and a filter over file, reason and message."""
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("reportKind")
        self.kind_box.addItem(self.tr("All problems"), "")
        for kind in ("error", "warning", "skipped"):
            self.kind_box.addItem(kind_label(kind), kind)
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("reportFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter by file, reason or message"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._refilter)
        self.kind_box.currentIndexChanged.connect(self._refilter)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_box)
        filters.addWidget(self.filter_edit, 1)
        return filters

    def _make_table(self) -> QTableView:
        """The problems, one per line; Ctrl+C copies the selected ones, a double-click opens the post."""
        table = QTableView()
        table.setObjectName("reportTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.setColumnWidth(0, 110)
        table.setColumnWidth(1, 320)
        table.setColumnWidth(2, 150)
        QShortcut(QKeySequence.StandardKey.Copy, table, self.copy_selected)
        table.activated.connect(self._open_line)  # a double-click, or Enter
        table.setToolTip(self.tr("Double-click a line to show its post"))
        return table

    def _make_buttons(self) -> QDialogButtonBox:
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(icon("copy"), self.tr("Copy Report"))
        self.copy_button.setObjectName("copyReport")
        self.copy_button.setToolTip(self.tr("Copy the counts and the problems shown, as tab-separated text"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_all)
        buttons.rejected.connect(self.reject)
        return buttons

    def _refilter(self) -> None:
        self.proxy.set_filter(self.kind_box.currentData() or "", self.filter_edit.text())

    def _open_line(self, index: QModelIndex) -> None:
        if index.isValid():
            self.postRequested.emit(self.model.lines[self.proxy.mapToSource(index).row()].path)

    def shown_lines(self) -> list[ReportLine]:
        return [
            self.model.lines[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in range(self.proxy.rowCount())
        ]

    def _tsv(self, lines: list[ReportLine]) -> str:
        # the reason as its code, as the command line names it: the copy is for a spreadsheet or a bug report
        return "\n".join("\t".join((kind_label(x.kind), x.path, x.code, x.text())) for x in lines)

    def as_text(self) -> str:
        c = self.report.counts()
        head = "\t".join(f"{k}={v}" for k, v in c.items())
        return f"{head}\n{self._tsv(self.shown_lines())}\n"

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(self.as_text())

    def copy_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        lines = [self.model.lines[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in rows]
        QGuiApplication.clipboard().setText(self._tsv(lines) + "\n")
