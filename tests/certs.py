"""Real certificates for the signing tests, made with `cryptography` (nothing is faked).

`identity()` writes a PKCS#12 file with a key and a self-signed certificate, as a person who
made their own would have; `issued_identity()` writes one issued by a test root, whose PEM is
returned too, for the "trusted" checks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

if TYPE_CHECKING:
    from pathlib import Path

PASSWORD = "correct horse"
PROVIDER_FIELD = "Albion Connect - Helen Marsh"
"""The first signature field of the telecom example's contract."""
CUSTOMER_FIELD = "Meridian - Jonathan Ashworth"


@dataclass(frozen=True)
class Identity:
    """A signer's PKCS#12 file and the password that opens it."""

    p12: Path
    password: str
    name: str


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def _certificate(
    subject: x509.Name,
    issuer: x509.Name,
    public_key: ec.EllipticCurvePublicKey,
    signing_key: ec.EllipticCurvePrivateKey,
    *,
    ca: bool,
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(signing_key, hashes.SHA256())
    )


def identity(folder: Path, common: str, organisation: str, password: str = PASSWORD) -> Identity:
    """Write a self-signed signer's .p12 into folder."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common, organisation)
    certificate = _certificate(name, name, key.public_key(), key, ca=False)
    path = folder / f"{common.replace(' ', '-').lower()}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            common.encode(),
            key,
            certificate,
            None,
            serialization.BestAvailableEncryption(password.encode()),
        )
    )
    return Identity(path, password, common)


def issued_identity(
    folder: Path, common: str, organisation: str, password: str = PASSWORD
) -> tuple[Identity, Path]:
    """Write a signer's .p12 issued by a new test root; return it and the root's PEM file."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(f"{organisation} Test Root", organisation)
    root = _certificate(root_name, root_name, root_key.public_key(), root_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(common, organisation)
    leaf = _certificate(subject, root_name, key.public_key(), root_key, ca=False)
    path = folder / f"{common.replace(' ', '-').lower()}-issued.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            common.encode(),
            key,
            leaf,
            [root],
            serialization.BestAvailableEncryption(password.encode()),
        )
    )
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return Identity(path, password, common), root_pem
