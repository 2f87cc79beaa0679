"""Which pack a name means: a built-in name is the built-in pack, a folder is named as a path.

A `standard/` folder beside an agreement silently replaced the built-in pack and changed the
contract's clauses. Now a name both could mean is refused naming both, a folder is chosen by
writing it as a path, and every contract records the pack it was made from with a fingerprint
of the pack's files.
"""

from __future__ import annotations

import shutil
import zipfile
from typing import TYPE_CHECKING

import pytest
from helpers import ROOT
from pypdf import PdfReader

import slaeditor
from slaeditor.clauses import PackError
from slaeditor.clauses.pack import find_pack
from slaeditor.resources import templates_dir

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
CHANGED = "NOTHING IN THIS AGREEMENT OBLIGES THE PROVIDER TO ANYTHING."


def _beside(tmp_path: Path, folder: str, template: str) -> Path:
    """An agreement naming `template`, with a changed copy of the standard pack in `folder`."""
    pack = tmp_path / folder
    shutil.copytree(ROOT / "templates" / "standard", pack)
    clauses = pack / "clauses.yaml"
    text = clauses.read_text(encoding="utf-8")
    marker = "Signed by the authorised representatives of the parties"
    assert marker in text
    clauses.write_text(text.replace(marker, CHANGED + " " + marker, 1), encoding="utf-8")
    agreement = tmp_path / "deal.sla.yaml"
    source = TELECOM.read_text(encoding="utf-8")
    agreement.write_text(source.replace("template: standard", f"template: {template}"), "utf-8")
    return agreement


def test_a_folder_beside_the_agreement_named_like_a_built_in_pack_is_refused_naming_both(
    tmp_path: Path,
) -> None:
    agreement = _beside(tmp_path, "standard", "standard")

    with pytest.raises(PackError) as raised:
        slaeditor.render(agreement, tmp_path / "contract.pdf")

    message = str(raised.value)
    assert str((tmp_path / "standard").resolve()) in message
    assert "built-in pack 'standard'" in message
    assert "./standard" in message
    assert not (tmp_path / "contract.pdf").exists()


def test_a_folder_named_as_a_path_is_the_folder(tmp_path: Path) -> None:
    agreement = _beside(tmp_path, "standard", "./standard")
    target = tmp_path / "contract.pdf"

    slaeditor.render(agreement, target)

    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert CHANGED.split()[0] in text and "OBLIGES" in text


def test_a_bare_name_no_built_in_pack_has_still_finds_the_folder_beside(tmp_path: Path) -> None:
    agreement = _beside(tmp_path, "acme", "acme")

    assert find_pack("acme", agreement.parent) == (tmp_path / "acme").resolve()


def test_the_built_in_name_means_the_built_in_pack_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(templates_dir())  # the built-in folder itself is no clash

    assert find_pack("standard").resolve() == (templates_dir() / "standard").resolve()


def test_the_contract_records_the_pack_and_its_fingerprint(tmp_path: Path) -> None:
    pdf, docx = tmp_path / "c.pdf", tmp_path / "c.docx"
    slaeditor.render(TELECOM, pdf)
    slaeditor.render(TELECOM, docx)
    changed = _beside(tmp_path / "own", "acme", "acme")
    own_pdf = tmp_path / "own.pdf"
    slaeditor.render(changed, own_pdf)

    recorded = str(PdfReader(pdf).metadata["/TemplatePack"])
    assert recorded.startswith("Standard ") and "(built in)" in recorded
    fingerprint = recorded.rsplit("SHA-256 ", 1)[1]
    assert len(fingerprint) == 64
    with zipfile.ZipFile(docx) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert fingerprint in core
    own = str(PdfReader(own_pdf).metadata["/TemplatePack"])
    assert "(folder acme)" in own
    assert own.rsplit("SHA-256 ", 1)[1] != fingerprint  # one changed clause, another print
