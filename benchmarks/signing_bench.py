"""Signing and verification figures for the telecom example's contract, in this process.

Process start and pyHanko's import are left out (one warm-up signature and one verification
pay for them), as the targets say; each timed signature signs a fresh copy of the contract,
so every round does the whole job: read the PDF and the certificate, sign, write atomically.
"""

from __future__ import annotations

import datetime
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"
ROUNDS = 7
FIELDS = ("Albion Connect - Helen Marsh", "Meridian - Jonathan Ashworth")
PASSWORD = b"benchmark"


def _identity(folder: Path, name: str) -> Path:
    """Write a self-signed signer's PKCS#12 file (as a person who made their own would)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name.split()[0].lower()}.p12"
    encryption = serialization.BestAvailableEncryption(PASSWORD)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(None, key, certificate, None, encryption)
    )
    return path


def signing_figures() -> dict[str, float]:
    """Return the median milliseconds of signing, verifying, and verifying two signatures."""
    import slaeditor
    from slaeditor.signing.sign import SignRequest, sign_pdf
    from slaeditor.signing.verify import verify_pdf

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        contract = work / "contract.pdf"
        slaeditor.render(TELECOM, contract)
        first, second = _identity(work, "Helen Marsh"), _identity(work, "Jonathan Ashworth")

        def sign(source: Path, target: Path, p12: Path, field: str) -> None:
            sign_pdf(SignRequest(source, target, p12, field), PASSWORD)

        signed, both = work / "signed.pdf", work / "both.pdf"
        sign(contract, signed, first, FIELDS[0])  # warm: imports, fonts for the appearance
        sign(signed, both, second, FIELDS[1])
        assert verify_pdf(both).ok
        sign_times, verify_times, both_times = [], [], []
        for round_ in range(ROUNDS):
            source = work / f"copy-{round_}.pdf"
            shutil.copy(contract, source)
            start = time.perf_counter()
            sign(source, work / f"signed-{round_}.pdf", first, FIELDS[0])
            sign_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            verify_pdf(signed)
            verify_times.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            verify_pdf(both)
            both_times.append((time.perf_counter() - start) * 1000)
    return {
        "sign": statistics.median(sign_times),
        "verify": statistics.median(verify_times),
        "verify two": statistics.median(both_times),
    }
