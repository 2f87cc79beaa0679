"""The application's look: calm, readable, with problems in red and inheritance in grey.

Qt's Fusion style looks the same on every platform and in the offscreen screenshots. The
colours follow the desktop's palette: surfaces and text come from its roles (Base, Text,
Window, WindowText), so a dark theme stays readable, and the few colours that carry meaning
(a problem, a warning, an inherited value, the accent) have a light and a dark version.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Tones:
    """The colours that mean something, for a light or a dark palette."""

    accent: str
    heading: str
    muted: str
    error: str
    error_fill: str
    error_border: str
    error_tint: str
    """A cell or a line marked wrong, behind the palette's text."""
    warning: str
    warning_tint: str
    good_tint: str
    neutral_tint: str
    notice_fill: str
    notice_border: str
    steps: str
    border: str


LIGHT = Tones(
    accent="#2f5d8a",
    heading="#1f3a5f",
    muted="#5d6670",
    error="#a4281c",
    error_fill="#fbe9e7",
    error_border="#e4b4ad",
    error_tint="#fbe3e0",
    warning="#8a5a00",
    warning_tint="#fdf1d6",
    good_tint="#e6f4ea",
    neutral_tint="#f1f3f5",
    notice_fill="#eef4fa",
    notice_border="#b9cde2",
    steps="#eef0f2",
    border="#c5c8cc",
)
DARK = Tones(
    accent="#8fb8e8",
    heading="#b9d3f2",
    muted="#a7b0ba",
    error="#ff8a80",
    error_fill="#4a2420",
    error_border="#8c3b33",
    error_tint="#5a2a25",
    warning="#f2c060",
    warning_tint="#4d3d14",
    good_tint="#1f3b28",
    neutral_tint="#2b2e33",
    notice_fill="#22303f",
    notice_border="#3f5871",
    steps="#2a2d31",
    border="#5a6068",
)
ACCENT = LIGHT.accent


def tones() -> Tones:
    """Return the tones for the running application's palette (light when there is none)."""
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return DARK if is_dark(palette) else LIGHT


def colour(name: str) -> QColor:
    """Return one of the current tones as a QColor ("error", "muted", "error_tint", ...)."""
    return QColor(str(getattr(tones(), name)))


def is_dark(palette: QPalette) -> bool:
    """Tell whether a palette is a dark theme (light text on dark windows)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def style_sheet(tones: Tones) -> str:
    """Return the style sheet for a set of tones; surfaces and text are the palette's own."""
    t = tones
    return f"""
QWizard, QWizardPage, #pageContent {{ background: palette(window); }}
QGroupBox {{
    font-weight: 600; border: 1px solid palette(mid); border-radius: 6px;
    margin-top: 14px; padding: 12px 10px 8px 10px; background: palette(base);
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: palette(text); }}
QLabel#pageHeading {{
    font-size: 14pt; font-weight: 600; color: {t.heading}; padding: 2px 0 0 2px;
}}
QLabel#pageIntro {{ color: {t.muted}; padding: 0 12px 6px 2px; }}
QLabel#fieldLabel {{ color: palette(text); padding-top: 4px; }}
QLabel#groupNote, QLabel#choiceNote, QLabel#levelNote {{ color: {t.muted}; font-weight: normal; }}
QLabel#fieldMessage {{ color: {t.error}; font-weight: normal; }}
QLabel#fieldMessage[level="warning"] {{ color: {t.warning}; }}
QLabel#fieldOrigin {{ color: {t.muted}; font-style: italic; font-weight: normal; }}
QLabel#fieldOrigin[inherited="false"] {{ color: {t.accent}; font-style: normal; }}
QLabel#fieldHint {{ color: {t.accent}; font-weight: normal; }}
QLabel#editedMark {{ color: {t.warning}; font-weight: 600; }}
QFrame#newerNotice {{
    background: {t.notice_fill}; border: 1px solid {t.notice_border}; border-radius: 5px;
}}
QLabel#pageProblems {{
    background: {t.error_fill}; border: 1px solid {t.error_border}; border-radius: 5px;
    color: {t.error}; padding: 8px 10px; margin: 0 12px 6px 4px;
}}
QLabel#reviewSummary {{ font-size: 11pt; padding: 4px 0 6px 0; }}
QLabel#issueLink {{ font-weight: normal; }}
QLineEdit, QPlainTextEdit, QComboBox, QDateEdit {{
    border: 1px solid {t.border}; border-radius: 4px; padding: 3px 5px;
    background: palette(base); color: palette(text);
}}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus {{
    border: 1px solid {t.accent};
}}
QLineEdit[issue="error"], QPlainTextEdit[issue="error"], QComboBox[issue="error"] {{
    border: 1px solid {t.error};
}}
QLineEdit[issue="warning"], QPlainTextEdit[issue="warning"] {{ border: 1px solid {t.warning}; }}
QLineEdit[inherited="true"], QPlainTextEdit[inherited="true"], QComboBox[inherited="true"] {{
    color: {t.muted}; background: palette(alternate-base);
}}
QLineEdit[inherited="false"], QPlainTextEdit[inherited="false"], QComboBox[inherited="false"] {{
    border-left: 3px solid {t.accent};
}}
QListWidget#steps {{
    background: {t.steps}; color: palette(window-text); border: none; padding: 8px 4px;
    font-size: 10pt;
}}
QListWidget#steps::item {{ padding: 7px 6px; border-radius: 4px; }}
QListWidget#steps::item:selected {{
    background: palette(highlight); color: palette(highlighted-text);
}}
QToolButton#resetButton {{ color: {t.accent}; border: none; text-decoration: underline; }}
QTableWidget {{
    gridline-color: palette(midlight); background: palette(base); color: palette(text);
}}
QHeaderView::section {{
    background: palette(button); color: palette(button-text); border: none;
    border-bottom: 1px solid palette(mid); padding: 4px;
}}
"""


def apply_style() -> None:
    """Give the running application the Fusion style, the desktop's palette and the sheet.

    A light palette keeps its own window colour a shade warmer; a dark one is left as the
    desktop gives it.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication) or app.property("slaeditor_styled"):
        return
    app.setStyle("Fusion")
    palette = app.palette()
    dark = is_dark(palette)
    if not dark:
        palette.setColor(QPalette.ColorRole.Window, QColor("#fbfbfa"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
        app.setPalette(palette)
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
    app.setStyleSheet(style_sheet(DARK if dark else LIGHT))
    app.setProperty("slaeditor_styled", True)


def dark_palette() -> QPalette:
    """Return a dark desktop palette, as a dark theme gives one (screenshots, tests)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202225",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#25272b",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2b2e33",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6ea5",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2b2e33",
        QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.PlaceholderText: "#8b9199",
        QPalette.ColorRole.Link: "#8fb8e8",
        QPalette.ColorRole.Mid: "#4a4e55",
        QPalette.ColorRole.Midlight: "#3a3d42",
        QPalette.ColorRole.Dark: "#101113",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#7d838b"))
    return palette
