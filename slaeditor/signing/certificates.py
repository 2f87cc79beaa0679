"""Open a signer's PKCS#12 file (.p12/.pfx) with a password, and say plainly what went wrong.

pyHanko's own loader turns every failure into "could not load key material"; a user needs to
know whether the password was wrong or the file is not a certificate at all, so the file is
opened with `cryptography` here and handed to pyHanko as key and certificates.

The password is used for this one call and is never kept, printed or logged.
"""

from __future__ import annotations

import functools
import ssl
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from slaeditor.signing import SigningError

if TYPE_CHECKING:
    from pyhanko.sign.signers import SimpleSigner

MAX_P12_BYTES = 1_000_000
"""A PKCS#12 file holds a key and a few certificates: kilobytes, never megabytes."""


def read_certificate_file(path: Path) -> bytes:
    """Read a PKCS#12 file's bytes, with a message that names it if that fails."""
    try:
        if path.stat().st_size > MAX_P12_BYTES:
            raise SigningError(
                f"{path}: is too large to be a certificate file (.p12); choose your .p12 or .pfx"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise SigningError(f"{path}: does not exist; check the certificate file's name") from None
    except IsADirectoryError:
        raise SigningError(f"{path}: is a folder; choose your .p12 or .pfx file") from None
    except OSError as error:
        raise SigningError(f"{path}: cannot be read ({error.strerror or error})") from None


def load_signer(path: Path, data: bytes, password: bytes) -> SimpleSigner:
    """Build pyHanko's signer from PKCS#12 bytes; raise SigningError naming the problem."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key, certificate, others = pkcs12.load_key_and_certificates(data, password or None)
    except ValueError as error:
        if "password" in str(error).lower():
            raise SigningError(
                f"{path}: the password is wrong (or the file is damaged); nothing was signed"
            ) from None
        raise SigningError(
            f"{path}: is not a PKCS#12 certificate file (.p12 or .pfx) that can be read; "
            "export your certificate with its private key as .p12 and try again"
        ) from None
    except Exception as error:  # cryptography reports unsupported encodings several ways
        raise SigningError(
            f"{path}: cannot be used ({type(error).__name__}: {error}); nothing was signed"
        ) from None
    if key is None or certificate is None:
        raise SigningError(
            f"{path}: holds no private key and certificate pair; export the certificate "
            "together with its private key"
        )
    try:
        store = SimpleCertificateStore()  # type: ignore[no-untyped-call]
        store.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in others)
        return SimpleSigner(
            signing_cert=translate_pyca_cryptography_cert_to_asn1(certificate),
            signing_key=translate_pyca_cryptography_key_to_asn1(key),
            cert_registry=store,
        )
    except (ValueError, TypeError, NotImplementedError) as error:
        raise SigningError(f"{path}: its key cannot be used for signing ({error})") from None


@functools.cache
def system_trust_roots() -> tuple[object, ...]:
    """Read the operating system's root certificates once per process (none if not found).

    pyHanko is dropping its own reading of the OS trust list, so the bundle OpenSSL uses is
    read here; --trust adds roots to it.
    """
    from cryptography import x509
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1

    paths = ssl.get_default_verify_paths()
    for name in (paths.cafile, paths.openssl_cafile):
        if not name or not Path(name).is_file():
            continue
        try:
            with warnings.catch_warnings():  # a few old roots have negative serial numbers
                warnings.simplefilter("ignore")
                found = x509.load_pem_x509_certificates(Path(name).read_bytes())
                return tuple(translate_pyca_cryptography_cert_to_asn1(c) for c in found)
        except (OSError, ValueError):
            continue
    return ()


def read_trust_roots(paths: list[Path]) -> list[object]:
    """Read root certificates (PEM or DER) that the user trusts in addition to the system's."""
    from cryptography import x509
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1

    roots: list[object] = []
    for path in paths:
        data = read_certificate_file(path)
        try:
            if b"-----BEGIN" in data:
                found = x509.load_pem_x509_certificates(data)
            else:
                found = [x509.load_der_x509_certificate(data)]
        except ValueError:
            raise SigningError(
                f"{path}: is not a certificate (PEM or DER); give the root certificate "
                "to trust, for example ROOT.pem"
            ) from None
        roots.extend(translate_pyca_cryptography_cert_to_asn1(cert) for cert in found)
    return roots
