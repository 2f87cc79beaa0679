"""The application's look: calm, readable, with problems in red and inheritance in grey.

Qt's Fusion style with a light palette looks the same on every platform and in the offscreen
screenshots; the style sheet adds only what the fields need to say (a problem, an inherited
value, an override).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2f5d8a"

STYLE_SHEET = """
QWizard, QWizardPage, #pageContent { background: #fbfbfa; }
QGroupBox {
    font-weight: 600; border: 1px solid #dcdcd8; border-radius: 6px;
    margin-top: 14px; padding: 12px 10px 8px 10px; background: #ffffff;
}
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #33414e; }
QLabel#pageHeading { font-size: 14pt; font-weight: 600; color: #1f3a5f; padding: 2px 0 0 2px; }
QLabel#pageIntro { color: #4a525c; padding: 0 12px 6px 2px; }
QLabel#fieldLabel { color: #33414e; padding-top: 4px; }
QLabel#groupNote, QLabel#choiceNote, QLabel#levelNote { color: #5d6670; font-weight: normal; }
QLabel#fieldMessage { color: #a4281c; font-weight: normal; }
QLabel#fieldMessage[level="warning"] { color: #8a5a00; }
QLabel#fieldOrigin { color: #6b7380; font-style: italic; font-weight: normal; }
QLabel#fieldOrigin[inherited="false"] { color: #2f5d8a; font-style: normal; }
QLabel#fieldHint { color: #2f5d8a; font-weight: normal; }
QLabel#editedMark { color: #8a5a00; font-weight: 600; }
QFrame#newerNotice { background: #eef4fa; border: 1px solid #b9cde2; border-radius: 5px; }
QLabel#pageProblems {
    background: #fbe9e7; border: 1px solid #e4b4ad; border-radius: 5px;
    color: #7d1d12; padding: 8px 10px; margin: 0 12px 6px 4px;
}
QLabel#reviewSummary { font-size: 11pt; padding: 4px 0 6px 0; }
QLabel#issueLink { font-weight: normal; }
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit {
    border: 1px solid #c5c8cc; border-radius: 4px; padding: 3px 5px; background: #ffffff;
}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus {
    border: 1px solid #2f5d8a;
}
QLineEdit[issue="error"], QPlainTextEdit[issue="error"], QComboBox[issue="error"] {
    border: 1px solid #c0392b; background: #fff6f5;
}
QLineEdit[issue="warning"], QPlainTextEdit[issue="warning"] { border: 1px solid #d39b1f; }
QLineEdit[inherited="true"], QPlainTextEdit[inherited="true"], QComboBox[inherited="true"] {
    color: #5d6670; background: #f6f6f4;
}
QLineEdit[inherited="false"], QPlainTextEdit[inherited="false"], QComboBox[inherited="false"] {
    border-left: 3px solid #2f5d8a;
}
QListWidget#steps {
    background: #f1f3f5; border: none; padding: 8px 4px; font-size: 10pt;
}
QListWidget#steps::item { padding: 7px 6px; border-radius: 4px; }
QListWidget#steps::item:selected { background: #2f5d8a; color: #ffffff; }
QToolButton#resetButton { color: #2f5d8a; border: none; text-decoration: underline; }
QTableWidget { gridline-color: #e2e3e5; background: #ffffff; }
QHeaderView::section {
    background: #f1f3f5; border: none; border-bottom: 1px solid #dcdcd8; padding: 4px;
}
"""


def apply_style() -> None:
    """Give the running application the Fusion style, a light palette and the style sheet."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("slaeditor_styled"):
        return
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#fbfbfa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
    app.setProperty("slaeditor_styled", True)
