"""Clauses and skeletons come from shared folders: they cannot escape or embed foreign files."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES, ROOT
from pypdf import PdfReader

from slaeditor import load_agreement
from slaeditor.clauses import load_pack
from slaeditor.compose import RenderError, compose
from slaeditor.writers.pdf.writer import write_pdf

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no example agreements")


def _pack_with(tmp_path: Path, body: str, skeleton_extra: str = "") -> Path:
    """Copy the standard pack and replace its first clause body (or add to the skeleton)."""
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    if body:
        clauses = (pack / "clauses.yaml").read_text(encoding="utf-8")
        marker = "    variants:\n      standard: |\n"
        start = clauses.index(marker) + len(marker)
        indented = "".join(f"        {line}\n" for line in body.splitlines())
        clauses = clauses[:start] + indented + clauses[start:]
        (pack / "clauses.yaml").write_text(clauses, encoding="utf-8")
    if skeleton_extra:
        html = (pack / "contract.html.j2").read_text(encoding="utf-8")
        html = html.replace("<body>", "<body>\n" + skeleton_extra, 1)
        (pack / "contract.html.j2").write_text(html, encoding="utf-8")
    return pack


@pytest.mark.parametrize(
    "attack",
    [
        "{{ provider.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ services[0].terms.__init__.__globals__ }}",
        "{{ agreement.model_dump.__func__.__code__ }}",
    ],
)
def test_clause_that_tries_to_escape_the_sandbox_fails_with_a_clear_error(
    tmp_path: Path, attack: str
) -> None:
    pack = load_pack(_pack_with(tmp_path, attack))
    with pytest.raises(RenderError) as caught:
        compose(load_agreement(TELECOM), pack)
    message = str(caught.value)
    assert "clauses.yaml, line" in message
    assert "sandbox" in message or "unsafe" in message
    assert "Traceback" not in message


def test_misspelt_variable_is_reported_with_file_clause_and_line(tmp_path: Path) -> None:
    pack = load_pack(_pack_with(tmp_path, "Fine line.\n\n{{ provder.name }}"))
    with pytest.raises(RenderError) as caught:
        compose(load_agreement(TELECOM), pack)
    first_clause = pack.sections[0].clauses[0]
    line = pack.clauses[first_clause].lines["standard"] + 2
    assert f"clauses.yaml, line {line}: clause '{first_clause}'" in str(caught.value)
    assert "provder" in str(caught.value)


def test_clause_syntax_error_names_the_line(tmp_path: Path) -> None:
    pack = load_pack(_pack_with(tmp_path, "{% if x %}\nno end"))
    with pytest.raises(RenderError, match=r"clauses\.yaml, line \d+: .*syntax error"):
        compose(load_agreement(TELECOM), pack)


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), (31, 58, 95)).save(path)


def test_skeleton_cannot_embed_files_outside_the_pack_or_from_the_web(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    _png(outside)
    extra = (
        f'<img src="{outside.as_uri()}"><img src="../secret.png">'
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="https://127.0.0.1:9/x.css">'
    )
    pack = load_pack(_pack_with(tmp_path, "", extra))
    target = tmp_path / "out.pdf"
    refused = write_pdf(compose(load_agreement(TELECOM), pack), pack, target)
    assert outside.as_uri() in refused
    assert any(url.startswith("http://") for url in refused)
    assert any(url.startswith("https://") for url in refused)
    images = [image for page in PdfReader(target).pages for image in page.images]
    assert images == [], "nothing from outside the pack may be embedded"


def test_skeleton_may_embed_an_image_from_its_own_pack(tmp_path: Path) -> None:
    pack_dir = _pack_with(tmp_path, "", '<img src="logo.png">')
    _png(pack_dir / "logo.png")
    pack = load_pack(pack_dir)
    target = tmp_path / "out.pdf"
    refused = write_pdf(compose(load_agreement(TELECOM), pack), pack, target)
    assert refused == []
    # WeasyPrint shares one resource dictionary between pages, so each page lists the logo.
    images = {image.data for page in PdfReader(target).pages for image in page.images}
    assert len(images) == 1


@pytest.mark.parametrize(
    "attack",
    [
        "{{ document.parse_raw('x', proto='pickle', allow_pickle=True) }}",
        "{{ agreement.parse_file('/etc/hostname') }}",
        "{{ agreement.model_validate_json('{}') }}",
        "{{ services.clear() }}",
        "{{ agreement.copy() }}",
    ],
)
def test_clause_may_read_data_but_call_no_model_method(tmp_path: Path, attack: str) -> None:
    pack = load_pack(_pack_with(tmp_path, attack))
    agreement = load_agreement(TELECOM)
    with pytest.raises(RenderError, match=r"sandbox|unsafe"):
        compose(agreement, pack)
    assert len(agreement.services) == 4, "the agreement is unchanged"


def test_word_skeleton_cannot_reach_the_file_system(tmp_path: Path) -> None:
    import zipfile

    from slaeditor.writers.docx import DocxSkeletonError, write_docx

    pack_dir = _pack_with(tmp_path, "")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    skeleton = pack_dir / "contract.docx"
    with zipfile.ZipFile(skeleton) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    attack = f"{{{{ body.subdocx.save('{victim}') }}}}"
    parts["word/document.xml"] = xml.replace("{{ contract.cover.title }}", attack).encode()
    with zipfile.ZipFile(skeleton, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data)
    pack = load_pack(pack_dir)
    with pytest.raises(DocxSkeletonError, match=r"contract\.docx"):
        write_docx(compose(load_agreement(TELECOM), pack), pack, tmp_path / "out.docx")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_skeleton_cannot_include_a_file_linked_from_outside_the_pack(tmp_path: Path) -> None:
    from slaeditor.writers.pdf.writer import SkeletonError

    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    pack_dir = _pack_with(tmp_path, "", '{% include "leak.txt" %}')
    (pack_dir / "leak.txt").symlink_to(secret)
    pack = load_pack(pack_dir)
    with pytest.raises(SkeletonError, match="outside the template pack"):
        write_pdf(compose(load_agreement(TELECOM), pack), pack, tmp_path / "out.pdf")
