"""A measurements file is read strictly: every bad cell names the file, the line and the column."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from slaeditor.errors import FileLineError
from slaeditor.model import ExclusionKind
from slaeditor.statement import read_measurements
from slaeditor.statement.zones import to_minute

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from slaeditor.model import Agreement

HEADER = "service,start,end,cause,site\n"
GOOD = "sip-trunking,2025-05-10T10:00:00Z,2025-05-10T10:50:00Z,,\n"
HOUR = "2025-05-10T10:00Z,2025-05-10T11:00Z"


def error_of(agreement: Agreement, path: Path) -> FileLineError:
    with pytest.raises(FileLineError) as caught:
        read_measurements(path, agreement)
    return caught.value


def test_incidents_are_read_with_services_by_id_or_name(
    telecom: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    path = measurements_file(
        HEADER
        + GOOD
        + "SMS messaging api,2025-05-04T02:00,2025-05-04T03:30,Scheduled-Maintenance,\n"
        + "\n"
        + "sd-wan,2025-05-02T09:00:00+02:00,2025-05-02T09:30:00+02:00,,rotterdam\n"
    )
    measured = read_measurements(path, telecom)
    assert measured.kind == "incidents"
    first, maintenance, site = measured.incidents
    assert (first.service_id, first.end - first.start, first.line) == ("sip-trunking", 50, 2)
    assert maintenance.service_id == "sms-api"
    assert maintenance.cause is ExclusionKind.SCHEDULED_MAINTENANCE
    # A time without an offset is read on the agreement's clock, Europe/London (BST in May).
    assert maintenance.start == to_minute(datetime.datetime(2025, 5, 4, 1, 0, tzinfo=datetime.UTC))
    assert (site.site, site.line) == ("rotterdam", 5)


def test_a_time_without_offset_is_read_in_the_sites_time_zone(
    telecom: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    path = measurements_file(HEADER + "sd-wan,2025-05-02T09:00,2025-05-02T09:30,,rotterdam\n")
    (incident,) = read_measurements(path, telecom).incidents
    # Rotterdam is on Europe/Amsterdam: 09:00 local in May is 07:00 UTC.
    utc = datetime.datetime(2025, 5, 2, 7, 0, tzinfo=datetime.UTC)
    assert incident.start == to_minute(utc)


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        (f"voip,{HOUR},,", "1 (service)", "'voip' is not a service"),
        ("sip-trunking,10/05/2025 10:00,2025-05-10T11:00Z,,", "2 (start)", "ISO 8601"),
        ("sip-trunking,2025-05-10T11:00Z,2025-05-10T10:00Z,,", "3 (end)", "before it starts"),
        ("sip-trunking,2025-05-10T11:00Z,2025-05-10T11:00Z,,", "3 (end)", "when it starts"),
        (f"sip-trunking,{HOUR},lightning,", "4 (cause)", "not a cause"),
        (f"sip-trunking,{HOUR},beta-features,", "4 (cause)", "does not exclude beta-features"),
        (f"sip-trunking,{HOUR},,paris", "5 (site)", "'paris' is not a site"),
        (f"sip-trunking,{HOUR},,dublin", "5 (site)", "not delivered at"),
        ("sip-trunking,2025-03-30T01:30,2025-03-30T03:00,,", "2 (start)", "does not exist"),
    ],
)  # fmt: skip
def test_a_bad_cell_names_file_line_and_column(
    telecom: Agreement,
    measurements_file: Callable[[str], Path],
    row: str,
    column: str,
    words: str,
) -> None:
    path = measurements_file(HEADER + GOOD + row + "\n")
    error = error_of(telecom, path)
    assert error.line == 3
    assert error.path == path
    text = str(error)
    assert text.startswith(f"{path}, line 3: column {column}:")
    assert words in text


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "is empty"),
        ("service,start\nsip-trunking,2025-05-10T10:00Z\n", 1, "no 'end' column"),
        ("service,begin,end\n", 1, "'begin') is not a column"),
        ("service,start,end,start\n", 1, "appears twice"),
        (HEADER + "sip-trunking,2025-05-10T10:00Z\n", 2, "has 2 values"),
        ("service,period,uptime_percent,start\n", 1, "mixes an uptime file"),
        ('service,start,end\n"sip-trunking,2025-05-10T10:00Z,x\n', 2, "cannot be read as CSV"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_and_where(
    telecom: Agreement,
    measurements_file: Callable[[str], Path],
    text: str,
    line: int | None,
    words: str,
) -> None:
    error = error_of(telecom, measurements_file(text))
    assert error.line == line
    assert words in str(error)


def test_a_file_that_is_not_utf8_names_the_line(telecom: Agreement, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + GOOD + f"sip-trunking,{HOUR},,Düsseldorf\n").encode("latin-1"))
    error = error_of(telecom, path)
    assert error.line == 3
    assert "not UTF-8" in str(error)


def test_a_utf8_file_with_a_byte_order_mark_is_read(telecom: Agreement, tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + GOOD).encode("utf-8"))
    assert len(read_measurements(path, telecom).incidents) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_refused_without_blocking(telecom: Agreement, tmp_path: Path) -> None:
    pipe = tmp_path / "measurements.csv"
    os.mkfifo(pipe)
    error = error_of(telecom, pipe)
    assert "not an ordinary file" in str(error)


def test_a_missing_file_is_one_clear_error(telecom: Agreement, tmp_path: Path) -> None:
    assert "does not exist" in str(error_of(telecom, tmp_path / "nope.csv"))


def test_uptime_rows_are_read_in_the_services_unit(
    telecom: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    path = measurements_file(
        "service,period,uptime_percent\nsip-trunking,2025-05,99.85\nsd-wan,2025-05,100%\n"
    )
    measured = read_measurements(path, telecom)
    assert measured.kind == "uptime"
    assert [r.uptime_percent for r in measured.readings] == [Decimal("99.85"), Decimal(100)]


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("sip-trunking,2025-Q2,99.5", "2 (period)", "measured per month"),
        ("sip-trunking,2025-05,101", "3 (uptime_percent)", "from 0 to 100"),
        ("sip-trunking,2025-05,ninety", "3 (uptime_percent)", "not a percentage"),
        ("sip-trunking,2025-05,NaN", "3 (uptime_percent)", "not a percentage"),
        ("sip-trunking,2025-05,-1", "3 (uptime_percent)", "from 0 to 100"),
    ],
)
def test_a_bad_uptime_row_names_its_column(
    telecom: Agreement,
    measurements_file: Callable[[str], Path],
    row: str,
    column: str,
    words: str,
) -> None:
    path = measurements_file("service,period,uptime_percent\n" + row + "\n")
    error = error_of(telecom, path)
    assert error.line == 2
    assert f"column {column}" in str(error)
    assert words in str(error)


def test_two_uptimes_for_one_service_and_period_are_refused(
    telecom: Agreement, measurements_file: Callable[[str], Path]
) -> None:
    path = measurements_file(
        "service,period,uptime_percent\nsip-trunking,2025-05,99.9\n"
        "SIP Trunking and Hosted Voice,2025-05,99.8\n"
    )
    error = error_of(telecom, path)
    assert error.line == 3
    assert "line 2" in error.message
