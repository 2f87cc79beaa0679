"""`slaeditor sign` and `slaeditor verify`: exit codes, one-line errors, no password anywhere."""

from __future__ import annotations

import io
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from certs import CUSTOMER_FIELD, PROVIDER_FIELD, identity
from helpers import ROOT

import slaeditor
from slaeditor.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli-contract") / "contract.pdf"
    assert main(["render", str(TELECOM), "-o", str(target)]) == 0
    return target


def _sign(
    monkeypatch: pytest.MonkeyPatch, pdf: Path, p12: Path, field: str, out: Path, password: str
) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    return main(
        [
            *("sign", str(pdf), "--cert", str(p12), "--field", field),
            *("--reason", "Agreed", "--location", "London", "-o", str(out), "--password-stdin"),
        ]
    )


def test_sign_then_verify_exits_0(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, signed, helen.password) == 0
    out, err = capsys.readouterr()
    assert f'signed "{PROVIDER_FIELD}" as Helen Marsh' in out and err == ""
    assert helen.password not in out
    assert main(["verify", str(signed)]) == 3, "intact, but nothing shows who signed"
    assert "--allow-untrusted" in capsys.readouterr().err
    assert main(["verify", str(signed), "--allow-untrusted"]) == 0
    out = capsys.readouterr().out
    assert "intact:                 yes" in out
    assert "self-signed" in out
    assert 'Not signed yet: "Albion Connect - Daniel Okafor"' in out


def test_countersigning_keeps_verify_at_0(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    jonathan = identity(tmp_path, "Jonathan Ashworth", "Meridian", password="another one")
    first, both = tmp_path / "first.pdf", tmp_path / "both.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, first, helen.password) == 0
    assert _sign(monkeypatch, first, jonathan.p12, CUSTOMER_FIELD, both, "another one") == 0
    capsys.readouterr()
    assert main(["verify", str(both), "--allow-untrusted"]) == 0
    out = capsys.readouterr().out
    assert "2 signature(s)" in out and "only later signatures were added" in out


def test_verify_exits_1_for_a_changed_signed_byte(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, signed, helen.password) == 0
    data = bytearray(signed.read_bytes())
    position = data.index(b"Helen Marsh")  # the name in the embedded agreement: signed bytes
    data[position] = ord("M")
    signed.write_bytes(bytes(data))
    capsys.readouterr()
    assert main(["verify", str(signed)]) == 1
    assert "NO: the signed bytes were changed" in capsys.readouterr().out


def test_verify_exits_1_for_an_unsigned_pdf(rendered: Path, capsys) -> None:
    assert main(["verify", str(rendered)]) == 1
    assert "has no signatures" in capsys.readouterr().out


def test_a_wrong_password_exits_1_with_one_line_and_no_file(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    out = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, out, "guess") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("slaeditor: ")
    assert "password is wrong" in err and "guess" not in err
    assert not out.exists()


def test_a_broken_certificate_exits_1_and_writes_nothing(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    broken = tmp_path / "id.p12"
    broken.write_bytes(b"\x30\x82 not really DER")
    out = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, broken, PROVIDER_FIELD, out, "x") == 1
    err = capsys.readouterr().err
    assert "id.p12" in err and "PKCS#12" in err
    assert not out.exists()


def test_a_missing_field_is_reported_before_the_password_is_asked(
    tmp_path: Path, rendered: Path, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    code = main(["sign", str(rendered), "--cert", str(helen.p12), "-o", str(tmp_path / "o.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert "name the field to sign" in err and PROVIDER_FIELD in err


def test_without_a_terminal_the_password_must_come_on_stdin(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["sign", str(rendered), "--cert", str(helen.p12), "--field", PROVIDER_FIELD]
    assert main([*args, "-o", str(tmp_path / "o.pdf")]) == 1
    assert "--password-stdin" in capsys.readouterr().err
    assert not (tmp_path / "o.pdf").exists()


def test_verify_trusts_a_root_given_with_trust(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from certs import issued_identity

    helen, root = issued_identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, signed, helen.password) == 0
    capsys.readouterr()
    assert main(["verify", str(signed), "--trust", str(root)]) == 0
    assert "certificate trusted:    yes" in capsys.readouterr().out
    assert main(["verify", str(signed), "--trust", str(tmp_path / "missing.pem")]) == 1
    assert "missing.pem" in capsys.readouterr().err


def test_render_no_pdfa_and_validate_a_contract_pdf(tmp_path: Path, capsys) -> None:
    plain = tmp_path / "plain.pdf"
    assert main(["render", str(TELECOM), "-o", str(plain), "--no-pdfa"]) == 0
    from pypdf import PdfReader

    assert "/OutputIntents" not in PdfReader(plain).trailer["/Root"]
    assert main(["validate", str(plain)]) == 0
    assert slaeditor.load_agreement(plain) == slaeditor.load_agreement(TELECOM)


def test_verify_runs_as_a_command_without_tracebacks(
    tmp_path: Path, rendered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In its own process: pyHanko logs a self-signed certificate as a traceback; not shown."""
    helen = identity(tmp_path, "Helen Marsh", "Albion Connect")
    signed = tmp_path / "signed.pdf"
    assert _sign(monkeypatch, rendered, helen.p12, PROVIDER_FIELD, signed, helen.password) == 0
    result = subprocess.run(
        [sys.executable, "-m", "slaeditor.cli", "verify", str(signed), "--allow-untrusted"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "self-signed certificate" in result.stdout
