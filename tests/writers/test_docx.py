"""The Word writer: skeleton problems name the file; the contract lands at {{ body }}."""

from __future__ import annotations

import shutil
import zipfile
from typing import TYPE_CHECKING

import docx
import pytest
from helpers import ROOT

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import compose
from slaeditor.writers.docx import DocxSkeletonError, write_docx

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def _skeleton_with(tmp_path: Path, old: str, new: str) -> Path:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    skeleton = pack / "contract.docx"
    with zipfile.ZipFile(skeleton) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    assert old in xml
    parts["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(skeleton, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return pack


def test_contract_body_follows_the_title_page_in_the_skeleton(tmp_path: Path) -> None:
    pack = load_pack("standard")
    target = tmp_path / "c.docx"
    write_docx(compose(load_agreement(TELECOM), pack), pack, target)
    paragraphs = docx.Document(str(target)).paragraphs
    texts = [p.text for p in paragraphs]
    assert "Effective date\t1 April 2025" in texts
    headings = [i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
    assert texts[headings[0]] == "Parties and document control"  # Word's numbering prints "1"
    assert texts.index("Effective date\t1 April 2025") < texts.index("Contents") < headings[0]
    assert not any("contract body" in text for text in texts)


def test_skeleton_without_a_body_tag_says_where_to_put_it(tmp_path: Path) -> None:
    pack = load_pack(_skeleton_with(tmp_path, "{{ body }}", "no body here"))
    with pytest.raises(
        DocxSkeletonError, match=r"contract\.docx: has no paragraph with \{\{ body \}\}"
    ):
        write_docx(compose(load_agreement(TELECOM), pack), pack, tmp_path / "c.docx")
    assert not (tmp_path / "c.docx").exists()


def test_broken_jinja_in_the_word_skeleton_is_reported(tmp_path: Path) -> None:
    pack = load_pack(
        _skeleton_with(tmp_path, "{{ contract.cover.title }}", "{{ contract.cover.title ")
    )
    with pytest.raises(DocxSkeletonError, match=r"contract\.docx"):
        write_docx(compose(load_agreement(TELECOM), pack), pack, tmp_path / "c.docx")
