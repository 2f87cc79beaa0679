"""The command line: one clear message on stderr and a meaningful exit status, never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from helpers import EXAMPLES, ROOT

from slaeditor.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no example agreements")


def test_render_writes_pdf_and_docx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".pdf", ".docx"):
        target = tmp_path / f"contract{suffix}"
        assert main(["render", str(TELECOM), "-o", str(target)]) == 0
        assert target.stat().st_size > 10_000
        assert str(target) in capsys.readouterr().out


def test_render_refuses_an_unknown_format_without_writing(tmp_path: Path, capsys) -> None:
    assert main(["render", str(TELECOM), "-o", str(tmp_path / "contract.odt")]) == 1
    assert "use .pdf or .docx" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_render_refuses_to_overwrite_its_own_input(tmp_path: Path, capsys) -> None:
    copy = tmp_path / "a.sla.yaml"
    shutil.copy(TELECOM, copy)
    before = copy.read_bytes()
    assert main(["render", str(copy), "-o", str(copy)]) == 1
    assert copy.read_bytes() == before


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_validate_accepts_each_example(example: Path, capsys) -> None:
    assert main(["validate", str(example)]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_validate_reports_a_bad_value_with_its_line_and_exits_1(tmp_path: Path, capsys) -> None:
    text = TELECOM.read_text(encoding="utf-8")
    bad = text.replace("target_percent: 99.9", "target_percent: 120", 1)
    assert bad != text
    line = (
        bad.splitlines().index(next(ln for ln in bad.splitlines() if "target_percent: 120" in ln))
        + 1
    )
    path = tmp_path / "bad.sla.yaml"
    path.write_text(bad, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"line {line}" in err
    assert "target_percent" in err
    assert "Traceback" not in err


def test_validate_reports_rule_errors_but_not_warnings_as_failure(tmp_path: Path, capsys) -> None:
    text = TELECOM.read_text(encoding="utf-8")
    path = tmp_path / "dup.sla.yaml"
    data = text.replace("non_renewal_notice_days:", "non_renewal_notice_days: 2000 #", 1)
    path.write_text(data, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "error: term.non_renewal_notice_days" in capsys.readouterr().err


def test_schema_prints_the_json_schema(capsys) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert {"provider", "services", "terms", "sla_type"} <= set(schema["properties"])


def test_templates_check_passes_the_standard_pack(capsys) -> None:
    assert main(["templates", "check", "standard"]) == 0
    assert "0 error(s)" in capsys.readouterr().out


def test_templates_check_reports_a_broken_clause_with_file_and_line(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "broken"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    clauses = pack / "clauses.yaml"
    lines = clauses.read_text(encoding="utf-8").splitlines()
    index = next(i for i, ln in enumerate(lines) if ln.strip() == "standard: |") + 1
    lines.insert(
        index,
        lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        + "{{ terms.credits.claim_dayz }} {% if %}",
    )
    clauses.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["templates", "check", str(pack)]) == 1
    err = capsys.readouterr().err
    assert f"clauses.yaml, line {index + 1}" in err


def test_missing_file_is_one_line_on_stderr_from_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "validate", str(tmp_path / "nope.sla.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "nope.sla.yaml" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_screenshots_writes_a_png_of_every_wizard_page(tmp_path: Path, capsys) -> None:
    from PySide6.QtGui import QImage

    assert main(["--screenshots", str(tmp_path / "shots")]) == 0
    shots = sorted((tmp_path / "shots").glob("*.png"))
    assert [p.name for p in shots][:3] == ["00-start.png", "01-parties.png", "02-services.png"]
    names = [p.name for p in shots]
    assert names.index("10-wording.png") + 1 == names.index("11-review.png")
    image = QImage(str(shots[1]))
    assert (image.width(), image.height()) == (1280, 800)
    out = capsys.readouterr().out
    assert all(str(shot) in out for shot in shots)


def test_a_single_agreement_file_argument_opens_it_in_the_application() -> None:
    from slaeditor.cli.main import gui_arguments

    assert gui_arguments(["contract.sla.yaml"]) == ["--open", "contract.sla.yaml"]
    assert gui_arguments(["render", "a.sla.yaml", "-o", "x.pdf"])[0] == "render"


def test_agreement_names_a_pack_beside_it_and_renders_from_anywhere(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates" / "standard", project / "acme")
    text = TELECOM.read_text(encoding="utf-8").replace("template: standard", "template: acme")
    if "template: acme" not in text:
        text = "template: acme\n" + text
    (project / "a.sla.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["render", "project/a.sla.yaml", "-o", "a.pdf"]) == 0
    assert main(["render", str(TELECOM), "-o", "b.pdf", "--template", "project/acme"]) == 0
    assert (tmp_path / "a.pdf").is_file() and (tmp_path / "b.pdf").is_file()


def test_output_in_a_missing_folder_is_refused_before_rendering(tmp_path: Path, capsys) -> None:
    target = tmp_path / "no-such-folder" / "c.pdf"
    assert main(["render", str(TELECOM), "-o", str(target)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and ".tmp" not in err and "Errno" not in err


def test_validate_reports_a_misspelt_clause_variant(tmp_path: Path, capsys) -> None:
    text = TELECOM.read_text(encoding="utf-8")
    path = tmp_path / "v.sla.yaml"
    path.write_text(text + "clauses:\n  credits-amount:\n    variant: customer-frendly\n", "utf-8")
    assert main(["validate", str(path)]) == 1
    assert "has no variant 'customer-frendly'" in capsys.readouterr().err


def test_templates_check_reports_a_stylesheet_missing_from_the_pack(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "nocss"
    shutil.copytree(ROOT / "templates" / "standard", pack)
    (pack / "contract.css").unlink()
    assert main(["templates", "check", str(pack)]) == 1
    assert "refers to 'contract.css', which is not in the pack" in capsys.readouterr().err


def test_render_mentions_fairness_warnings_without_failing(tmp_path: Path, capsys) -> None:
    cloud = tmp_path / "cloud.sla.yaml"  # the example with the customer's audit right taken away
    text = (ROOT / "examples" / "cloud-service.sla.yaml").read_text(encoding="utf-8")
    assert "  audit_right: true\n" in text
    cloud.write_text(text.replace("  audit_right: true\n", "  audit_right: false\n"), "utf-8")
    assert main(["render", str(cloud), "-o", str(tmp_path / "c.docx")]) == 0
    err = capsys.readouterr().err
    assert "1 fairness warning(s)" in err and "slaeditor validate" in err
