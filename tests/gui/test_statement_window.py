"""File > Monthly statement…: the files and the period in, the worker's statement on screen.

The statement is computed and laid out by the shared render worker, as in the application;
these tests read the PDF it shows and the files it exports.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from gui_fixtures import answer_file_dialog
from helpers import EXAMPLES_DIR, docx_text

from slaeditor.gui.statement.window import StatementWindow

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from pytestqt.qtbot import QtBot

    from slaeditor.gui.shell.main_window import MainWindow

TELECOM = EXAMPLES_DIR / "telecom-customer.sla.yaml"
MEASUREMENTS = EXAMPLES_DIR / "telecom-customer-2025-05.measurements.csv"
SUPPORT = EXAMPLES_DIR / "telecom-customer-2025-05.support.csv"
TOTAL = "Total Service Credits: £221.00"
RENDER_MS = 180_000  # behind the main window's first preview, on two busy cores


@pytest.fixture
def statement(qtbot: QtBot, window: MainWindow) -> Iterator[StatementWindow]:
    """The window as File > Monthly statement… opens it over the telecom agreement."""
    assert window.open_agreement(TELECOM)
    window.actions_by_name["Monthly statement"].trigger()
    found = window.findChild(StatementWindow)
    assert found is not None
    qtbot.waitExposed(found)
    yield found
    found.close()


def choose_example_files(statement: StatementWindow, period: str = "2025-05") -> None:
    """Choose the measurement files as the Choose… buttons do, and type the period."""
    statement.inputs.measurements.set_path(MEASUREMENTS)
    statement.inputs.support.set_path(SUPPORT)
    statement.inputs.period.setText(period)


def pdf_words(path: str) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def computed(qtbot: QtBot, statement: StatementWindow) -> str:
    """Press Compute and return the PDF shown once the worker answers."""
    with qtbot.waitSignal(statement.shown, timeout=RENDER_MS) as shown:
        statement.compute_button.click()
    return str(shown.args[0])


def test_the_file_menu_opens_the_window_on_the_saved_agreement_with_the_period_focused(
    statement: StatementWindow,
) -> None:
    inputs = statement.inputs
    assert inputs.agreement.path() == TELECOM.resolve()
    assert "as last saved" in inputs.agreement.note.text()
    assert inputs.period.placeholderText().startswith("a month, such as ")
    assert inputs.period.hasFocus()
    assert not statement.export_button.isEnabled()  # nothing to export yet
    assert statement.preview.status_text() == "No preview yet"


def test_compute_shows_the_statement_the_worker_wrote_as_a_pdf(
    qtbot: QtBot, statement: StatementWindow
) -> None:
    choose_example_files(statement)
    shown = computed(qtbot, statement)

    assert TOTAL in pdf_words(shown)
    assert statement.preview.document.pageCount() >= 2
    assert statement.preview.error_text() == ""
    assert statement.compute_button.text() == "Re&fresh"
    assert statement.export_button.isEnabled()
    assert "2025-05" in statement.status.text()


def test_a_period_in_the_wrong_unit_is_named_when_the_field_is_left_and_nothing_is_sent(
    qtbot: QtBot, statement: StatementWindow
) -> None:
    choose_example_files(statement, "2025-Q2")
    statement.inputs.period.editingFinished.emit()  # the field is left
    message = statement.inputs.period_message
    assert message.isVisible()
    assert message.text() == (
        "Period 2025-Q2: for SIP Trunking and Hosted Voice (sip-trunking): '2025-Q2' is a "
        "quarter, but the service is measured per month; write a month such as 2025-04"
    )
    with qtbot.assertNotEmitted(statement.service.statement_finished, wait=200):
        assert not statement.compute()
    assert statement.isVisible()
    assert statement.inputs.period.hasFocus()

    statement.inputs.period.setText("2025-13")
    assert "'2025-13' is not a real month" in statement.inputs.check()
    statement.inputs.period.setText("2025-05")
    assert statement.inputs.check() == ""
    assert not message.isVisible()


def test_a_bad_row_is_one_message_naming_file_line_and_column_over_the_last_statement(
    qtbot: QtBot, statement: StatementWindow, tmp_path: Path
) -> None:
    choose_example_files(statement)
    computed(qtbot, statement)
    pages = statement.preview.document.pageCount()
    bad = tmp_path / "may.csv"
    bad.write_text(
        "service,start,end,cause\nsip-trunking,2025-05-03T10:00:00Z,not-a-time,\n",
        encoding="utf-8",
    )
    statement.inputs.measurements.set_path(bad)

    with qtbot.waitSignal(statement.failed, timeout=RENDER_MS) as failed:
        statement.compute_button.click()

    error = statement.preview.error_text()
    assert error == failed.args[0]
    assert error.startswith(f"{bad}, line 2: column 3 (end): 'not-a-time' is not an ISO 8601")
    assert "Traceback" not in error and "\n" not in error
    assert statement.preview.document.pageCount() == pages  # the last statement stays
    assert statement.inputs.measurements.path() == bad  # and what was chosen
    assert statement.inputs.period.text() == "2025-05"


def test_export_writes_word_through_the_dialog_and_json_by_the_files_type(
    qtbot: QtBot, statement: StatementWindow, tmp_path: Path
) -> None:
    choose_example_files(statement)
    computed(qtbot, statement)
    word = tmp_path / "meridian-may"
    answer_file_dialog(word.with_suffix(".docx"))
    with qtbot.waitSignal(statement.exported, timeout=RENDER_MS) as exported:
        assert statement.export()
    assert exported.args[0] == str(word.with_suffix(".docx"))
    assert TOTAL in " ".join(docx_text(word.with_suffix(".docx")).split())
    notice = statement.notice
    assert notice.files == [word.with_suffix(".docx")]  # type: ignore[attr-defined]
    assert notice.open_button.isVisible()  # type: ignore[attr-defined]
    assert "Exported" in statement.status.text()

    data = tmp_path / "may.json"
    with qtbot.waitSignal(statement.exported, timeout=RENDER_MS):
        assert statement.export_to(data)
    written = json.loads(data.read_text(encoding="utf-8"))
    assert written["period"] == "2025-05"
    assert written["total_credit"] == "221.00"


def test_export_refuses_to_overwrite_the_statements_own_files(
    qtbot: QtBot, statement: StatementWindow, tmp_path: Path
) -> None:
    copy = tmp_path / "measurements.csv"
    copy.write_bytes(MEASUREMENTS.read_bytes())
    choose_example_files(statement)
    statement.inputs.measurements.set_path(copy)
    computed(qtbot, statement)
    assert not statement.export_to(copy.with_suffix(".csv"))
    assert "own files" in statement.status.text()
    assert copy.read_bytes() == MEASUREMENTS.read_bytes()


def test_the_window_closes_with_the_main_window_and_reopens_with_its_files(
    window: MainWindow, statement: StatementWindow
) -> None:
    choose_example_files(statement)
    window.hide()  # as its close does, once nothing stops it
    assert not statement.isVisible()
    window.show()
    window.actions_by_name["Monthly statement"].trigger()
    assert window.findChild(StatementWindow) is statement  # one window, its choices kept
    assert statement.isVisible()
    assert statement.inputs.measurements.path() == MEASUREMENTS


def test_earlier_statements_count_the_missed_months_towards_chronic_failure(
    qtbot: QtBot, statement: StatementWindow, tmp_path: Path
) -> None:
    from slaeditor import load_agreement
    from slaeditor.statement import build_statement, read_measurements

    agreement = load_agreement(TELECOM)
    earlier = []
    for month in ("2025-03", "2025-04"):  # SIP trunking down two hours in each
        rows = tmp_path / f"{month}.csv"
        rows.write_text(
            f"service,start,end,cause,site\nsip-trunking,{month}-02T09:00,{month}-02T11:00,,\n",
            encoding="utf-8",
        )
        path = tmp_path / f"{month}.json"
        month_statement = build_statement(agreement, read_measurements(rows, agreement), month)
        path.write_text(month_statement.to_json(), encoding="utf-8")
        earlier.append(path)
    choose_example_files(statement)
    answer_file_dialog(*earlier)  # the Choose… button's dialog takes several files
    assert statement.inputs.previous.choose()
    assert statement.inputs.previous.paths() == earlier
    computed(qtbot, statement)

    data = tmp_path / "may.json"
    with qtbot.waitSignal(statement.exported, timeout=RENDER_MS):
        assert statement.export_to(data)
    services = {s["service_id"]: s for s in json.loads(data.read_text("utf-8"))["services"]}
    sip = services["sip-trunking"]
    assert (sip["met"], sip["chronic_failures"]) == (False, 3)  # March, April and May
    assert services["sd-wan"]["chronic_failures"] == 0
