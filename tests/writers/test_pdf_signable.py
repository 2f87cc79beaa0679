"""The exported PDF is ready to sign and to archive: fields in the blocks, PDF/A-3b, its source.

Positions are checked against what poppler reads off the page (an independent reader), not
against the layout numbers the renderer used to place the fields.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from pypdf import PdfReader
from pypdf.generic import IndirectObject

import slaeditor
from slaeditor.storage import AgreementFileError
from slaeditor.writers.pdf.writer import SkeletonError

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
CLOUD = ROOT / "examples" / "cloud-service.sla.yaml"
PARTIES = {
    "Albion Connect": "Albion Connect Communications Limited",
    "Meridian": "Meridian Freight Group plc",
}
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("signable") / "contract.pdf"
    slaeditor.render(TELECOM, target)
    return target


def _resolve(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _widgets(path: Path) -> list[tuple[int, dict]]:
    """Return (page index, widget) for every signature widget, read with pypdf."""
    found = []
    for index, page in enumerate(PdfReader(path).pages):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/FT") == "/Sig":
                found.append((index, annotation))
    return found


def _page_words(path: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """Read a page's words and boxes (origin top left, in points) with pdftotext -bbox."""
    output = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (float(a), float(b), float(c), float(d), html.unescape(text))
        for a, b, c, d, text in _WORD.findall(output)
    ]


def _phrase(words: list, phrase: str) -> list[tuple[float, float, float, float, str]]:
    """Return the first word of every occurrence of phrase on the page."""
    wanted = phrase.split()
    texts = [w[4] for w in words]
    return [
        words[i]
        for i in range(len(words) - len(wanted) + 1)
        if texts[i : i + len(wanted)] == wanted
    ]


def test_every_signatory_gets_one_empty_signature_field(contract: Path) -> None:
    names = [str(widget["/T"]) for _, widget in _widgets(contract)]
    assert names == [
        "Albion Connect - Helen Marsh",
        "Albion Connect - Daniel Okafor",
        "Meridian - Jonathan Ashworth",
        "Meridian - Gareth Lloyd",
    ]
    form = PdfReader(contract).trailer["/Root"]["/AcroForm"]
    assert len(form["/Fields"]) == 4
    for _, widget in _widgets(contract):
        assert widget["/Subtype"] == "/Widget" and "/V" not in widget  # empty: ready to sign
        assert widget["/F"] == 4  # printable, as PDF/A requires
        assert "/N" in widget["/AP"]  # with an appearance, as PDF/A requires
        assert "Signature of" in str(widget["/TU"])


def test_each_signature_field_lies_inside_its_signatory_block(contract: Path) -> None:
    height = float(PdfReader(contract).pages[0].mediabox.height)
    for page, widget in _widgets(contract):
        party, person = str(widget["/T"]).split(" - ")
        x0, y0, x1, y1 = (float(n) for n in widget["/Rect"])
        top, bottom = height - y1, height - y0  # as pdftotext measures, from the top
        words = _page_words(contract, page)
        # the signatory's name is written just below the field, in the same column
        names = [w for w in _phrase(words, person) if 0 <= w[1] - bottom < 30 and x0 <= w[0] < x1]
        assert names, f"{person}'s name is not right under the field on page {page + 1}"
        # the "Signature" label sits on the field's row, to its left
        labels = [
            w for w in words if w[4] == "Signature" and w[2] <= x0 and top <= w[3] <= bottom + 3
        ]
        assert labels, f"no Signature label beside {person}'s field"
        # and the block's party heading is above it on the same page
        headings = [w for w in _phrase(words, PARTIES[party]) if w[3] < top]
        assert headings, f"{PARTIES[party]} is not above {person}'s field on page {page + 1}"
        assert x1 - x0 > 100 and y1 - y0 > 20  # big enough to sign in


def test_the_pdf_is_pdfa_3b_with_an_output_intent(contract: Path) -> None:
    reader = PdfReader(contract)
    assert contract.read_bytes().startswith(b"%PDF-1.7")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfaid:part="3"|<pdfaid:part>3<', xmp)
    assert re.search(r'pdfaid:conformance="B"|<pdfaid:conformance>B<', xmp)
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object().get_data()
    assert profile[36:40] == b"acsp"  # an ICC profile
    assert reader.trailer["/ID"]  # PDF/A requires a file identifier


def test_the_metadata_names_title_parties_agreement_and_version(contract: Path) -> None:
    reader = PdfReader(contract)
    info = reader.metadata
    assert info["/Title"].startswith("Service Level Agreement")
    assert info["/Author"] == "Albion Connect Communications Limited"
    assert "SLA-MFG-2025-014" in info["/Subject"] and "version 1.0" in info["/Subject"]
    for party in PARTIES.values():
        assert party in info["/Subject"] and party in info["/Keywords"]
        assert party in info["/Parties"]
    assert info["/AgreementID"] == "SLA-MFG-2025-014"
    assert info["/AgreementVersion"] == "1.0"
    assert "service level agreement" in info["/Keywords"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "SLA-MFG-2025-014" in xmp and "Meridian Freight Group plc" in xmp


def test_the_agreement_is_embedded_as_the_source_associated_file(contract: Path) -> None:
    root = PdfReader(contract).trailer["/Root"]
    (spec,) = [_resolve(item) for item in root["/AF"]]
    assert spec["/Type"] == "/Filespec"
    assert spec["/AFRelationship"] == "/Source"
    assert spec["/F"] == "agreement.sla.yaml"
    assert spec["/EF"]["/F"].get_object()["/Subtype"] == "/application/yaml"
    embedded = spec["/EF"]["/F"].get_object().get_data().decode()
    assert embedded.startswith("# SLA Editor agreement")
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert "agreement.sla.yaml" in [str(n) for n in names[::2]]


@pytest.mark.parametrize("example", [TELECOM, CLOUD], ids=lambda p: p.name)
def test_the_embedded_agreement_round_trips_equal(
    example: Path, tmp_path: Path, contract: Path
) -> None:
    original = slaeditor.load_agreement(example)
    if example == TELECOM:
        pdf = contract
    else:
        pdf = tmp_path / "contract.pdf"
        slaeditor.render(original, pdf)
    assert slaeditor.load_agreement(pdf) == original


def test_a_pdf_named_anything_is_read_by_its_content(tmp_path: Path, contract: Path) -> None:
    renamed = tmp_path / "scan-from-email.bin"
    shutil.copy(contract, renamed)
    assert slaeditor.load_agreement(renamed) == slaeditor.load_agreement(TELECOM)


def test_a_pdf_without_an_agreement_gets_a_clear_message(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    other = tmp_path / "other.pdf"
    writer.write(other)
    with pytest.raises(AgreementFileError, match="without an embedded agreement") as raised:
        slaeditor.load_agreement(other)
    assert str(other) in str(raised.value)
    assert ".sla.yaml" in str(raised.value)


def test_a_damaged_pdf_gets_a_clear_message(tmp_path: Path, contract: Path) -> None:
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(contract.read_bytes()[:2000])
    with pytest.raises(AgreementFileError, match=r"damaged|without an embedded agreement"):
        slaeditor.load_agreement(damaged)


def test_archival_can_be_turned_off(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    slaeditor.render(CLOUD, plain, archival=False)
    reader = PdfReader(plain)
    root = reader.trailer["/Root"]
    assert "/OutputIntents" not in root
    metadata = root.get("/Metadata")
    assert metadata is None or b"pdfaid" not in metadata.get_object().get_data()
    assert _widgets(plain)  # still signable
    assert slaeditor.load_agreement(plain) == slaeditor.load_agreement(CLOUD)  # still carries it


def test_a_skeleton_without_signature_anchors_is_named(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    skeleton = pack / "contract.html.j2"
    text = skeleton.read_text(encoding="utf-8")
    assert 'id="{{ person.anchor }}"' in text
    skeleton.write_text(text.replace(' id="{{ person.anchor }}"', ""), encoding="utf-8")
    with pytest.raises(SkeletonError, match=r"person\.anchor") as raised:
        slaeditor.render(CLOUD, tmp_path / "out.pdf", template=pack)
    assert "contract.html.j2" in str(raised.value)
    assert not (tmp_path / "out.pdf").exists()
    # and `slaeditor templates check` says so before anyone renders
    from slaeditor.app.pack_check import check_pack

    messages = check_pack(pack, [slaeditor.load_agreement(CLOUD)])
    assert any(m.level == "error" and "person.anchor" in str(m) for m in messages)
    clean = check_pack(ROOT / "templates" / "standard", [slaeditor.load_agreement(CLOUD)])
    assert not any("anchor" in str(m) for m in clean)


def test_the_word_contract_has_a_block_for_every_signatory(tmp_path: Path) -> None:
    import docx

    target = tmp_path / "contract.docx"
    slaeditor.render(TELECOM, target)
    document = docx.Document(str(target))
    # Signatories stand two abreast: each outer cell holds one signatory's table of lines.
    inner = [
        nested
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for nested in cell.tables
    ]
    blocks = [
        [cell.text for row in table.rows for cell in row.cells]
        for table in inner
        if table.rows[0].cells[0].text == "Signature"
    ]
    agreement = slaeditor.load_agreement(TELECOM)
    people = [*agreement.provider.signatories, *agreement.customer.signatories]
    assert len(blocks) == len(people)
    for cells, person in zip(blocks, people, strict=True):
        assert cells[:2] == ["Signature", ""]  # the place to sign
        assert person.name in cells and person.title in cells
        assert "Date" in cells
    text = "\n".join(p.text for p in document.paragraphs)
    for party in PARTIES.values():
        assert party in text


def test_field_names_are_unique_readable_and_free_of_periods() -> None:
    from slaeditor.compose.signatories import FieldNames

    names = FieldNames()
    made = [
        names.next("Acme Ltd.", "J. Smith"),
        names.next("Acme Ltd.", "J. Smith"),
        names.next("Acme Ltd.", "j. smith"),
        names.next("the Customer", ""),
        names.next("the Customer", "  "),
    ]
    assert made == [
        "Acme Ltd - J Smith",
        "Acme Ltd - J Smith (2)",
        "Acme Ltd - j smith (3)",
        "the Customer - signatory 1",
        "the Customer - signatory 2",
    ]
    assert not any("." in name for name in made)  # a period would split a PDF field name
