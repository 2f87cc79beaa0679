"""A contract PDF is untrusted input: a hostile or broken embedded agreement gets a message.

The PDFs are real (written with pypdf) and carry what an attacker or a broken tool could put
in them; each must give an AgreementFileError that names the file, in load_agreement, in
open_draft (File > Open) and in `slaeditor validate`, and must never be opened as an agreement.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject

import slaeditor
from slaeditor.storage import AgreementFileError
from slaeditor.storage.drafts import open_draft
from slaeditor.storage.files import MAX_FILE_BYTES

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)


def _pdf_carrying(tmp_path: Path, content: bytes, name: str = "agreement.sla.yaml") -> Path:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment(name, content)
    target = tmp_path / "contract.pdf"
    writer.write(target)
    return target


def _both_refuse(path: Path, pattern: str) -> str:
    """Load with the API and with File > Open's reader; both raise the same clear error."""
    with pytest.raises(AgreementFileError, match=pattern) as raised:
        slaeditor.load_agreement(path)
    with pytest.raises(AgreementFileError, match=pattern):
        open_draft(path)
    message = str(raised.value)
    assert str(path) in message
    assert "Traceback" not in message
    return message


_TELECOM_TEXT = TELECOM.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "pattern"),
    [
        (_BOMB.encode(), r"more values or deeper nesting"),
        (b"- just\n- a list\n", r"not an agreement file"),
        (b"schema_version: 1\nprovider: [1, 2]\n", r"line \d"),
        (b"schema_version: [1]\n", r"schema_version"),
        (
            _TELECOM_TEXT.replace("schema_version: 2", "schema_version: 99", 1).encode(),
            r"newer version of SLA Editor",
        ),
        (b"\xff\xfe\x00 not text", r"not UTF-8"),
        (b"key: [unclosed\n", r"line \d"),
        (b"", r"is empty"),
    ],
    ids=[
        "yaml-bomb",
        "list",
        "wrong-types",
        "version-type",
        "newer-schema",
        "binary",
        "syntax",
        "empty",
    ],
)
def test_a_hostile_embedded_agreement_gets_a_clear_message(
    tmp_path: Path, content: bytes, pattern: str
) -> None:
    assert "schema_version: 2" in _TELECOM_TEXT  # the newer-schema case really changes it
    pdf = _pdf_carrying(tmp_path, content)
    before = pdf.read_bytes()
    _both_refuse(pdf, pattern)
    assert pdf.read_bytes() == before  # reading never writes


def test_an_embedded_agreement_larger_than_an_agreement_file_is_refused(tmp_path: Path) -> None:
    pdf = _pdf_carrying(tmp_path, b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")
    _both_refuse(pdf, r"a few kilobytes")


def test_a_decompression_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    """A few hundred kilobytes that inflate to 200 MB: pypdf's limit stops it, we name it."""
    pdf = _pdf_carrying(tmp_path, b"placeholder")
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(pdf))
    names = writer._root_object["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    bomb = StreamObject()
    bomb._data = zlib.compress(b" " * 200_000_000, 9)
    bomb[NameObject("/Filter")] = NameObject("/FlateDecode")
    spec["/EF"][NameObject("/F")] = writer._add_object(bomb)
    writer.write(pdf)
    assert pdf.stat().st_size < 2_000_000
    _both_refuse(pdf, r"cannot be read|a few kilobytes")


@pytest.mark.parametrize(
    "garbage",
    [
        b"%PDF-1.7\n" + b"\x00" * 500,
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\ntrailer << /Root 1 0 R >>\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Names << /EmbeddedFiles 5 >> >> endobj\n"
        b"trailer << /Root 1 0 R /Size 2 >>\n%%EOF\n",
    ],
    ids=["zeros", "self-referencing", "wrong-types"],
)
def test_a_malformed_pdf_gets_a_clear_message(tmp_path: Path, garbage: bytes) -> None:
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(garbage)
    _both_refuse(pdf, r"cannot be read|without an embedded agreement|damaged")


def test_validate_names_the_hostile_pdf_in_one_line(tmp_path: Path, capsys) -> None:
    from slaeditor.cli.main import main

    pdf = _pdf_carrying(tmp_path, _BOMB.encode())
    assert main(["validate", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert str(pdf) in err and "Traceback" not in err
