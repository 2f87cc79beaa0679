"""`slaeditor sign` and `slaeditor verify`: the command-line side of signing.

The password is asked for on the terminal (getpass, not echoed) or read from the first line of
standard input with --password-stdin, for scripts; it is never an argument (arguments show up
in process lists and shell history), and it is never printed or logged. The signing package
(and pyHanko) is imported only when one of these commands runs: registering them is all
every other command pays for (the `render` command saved ~90 ms).
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FAILED, EXIT_UNTRUSTED = 0, 1, 3
"""3: every signature intact and nothing changed, but a signer is not trusted (a script must
not take a self-signed signature for a trusted one; --trust or --allow-untrusted)."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the sign and verify subcommands."""
    sign = commands.add_parser(
        "sign",
        help="sign a contract PDF in one of its signature fields",
        description="Sign a contract PDF (PAdES) in one of its empty signature fields. "
        "Earlier signatures stay valid: the signature is added as an incremental update.",
    )
    sign.add_argument("file", metavar="PDF", help="the contract PDF to sign")
    sign.add_argument(
        "--cert", required=True, metavar="P12", help="your certificate with its key (.p12/.pfx)"
    )
    sign.add_argument(
        "--field", metavar="NAME", help="the signature field, e.g. 'Acme - Jo Bloggs'"
    )
    sign.add_argument("--reason", default="", metavar="TEXT", help="why you sign (shown)")
    sign.add_argument("--location", default="", metavar="TEXT", help="where you sign (shown)")
    sign.add_argument("-o", "--output", required=True, metavar="OUT", help="the signed PDF")
    sign.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the certificate's password from the first line of standard input",
    )
    sign.set_defaults(handler=_sign)

    verify = commands.add_parser(
        "verify",
        help="check a PDF's signatures; exit 0 only if all are intact, nothing changed and "
        "every signer is trusted (3 when only trust is missing)",
    )
    verify.add_argument("file", metavar="PDF", help="the signed contract")
    verify.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="ROOT.pem",
        help="also trust this root certificate (PEM or DER; may be repeated)",
    )
    verify.add_argument(
        "--allow-untrusted",
        action="store_true",
        help="exit 0 for intact signatures even when a signer's certificate is not trusted",
    )
    verify.set_defaults(handler=_verify)


def _sign(args: argparse.Namespace) -> int:
    from slaeditor.signing.fields import require_empty_field, signature_fields
    from slaeditor.signing.sign import SignRequest, check_inputs, sign_pdf

    source = Path(args.file)
    request = SignRequest(
        source=source,
        target=Path(args.output),
        certificate=Path(args.cert),
        field=args.field,
        reason=args.reason,
        location=args.location,
    )
    check_inputs(request)  # a missing file or field is reported before the password is asked
    require_empty_field(source, args.field, signature_fields(source))
    password = _read_password(request.certificate, from_stdin=args.password_stdin)
    signed = sign_pdf(request, password.encode("utf-8"))
    print(f'signed "{signed.field}" as {signed.signer}; wrote {signed.target}')
    return EXIT_OK


def _read_password(certificate: Path, *, from_stdin: bool) -> str:
    """Ask for the certificate's password without echoing it."""
    from slaeditor.signing import SigningError

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise SigningError(
            "there is no terminal to ask for the certificate's password; "
            "pass it on standard input with --password-stdin"
        )
    return getpass.getpass(f"Password for {certificate}: ")


def _verify(args: argparse.Namespace) -> int:
    from slaeditor.signing.verify import format_report, verify_pdf

    report = verify_pdf(Path(args.file), [Path(root) for root in args.trust])
    print(format_report(report))
    if not report.ok:
        return EXIT_FAILED
    untrusted = [check.signer for check in report.signatures if not check.trusted]
    if untrusted and not args.allow_untrusted:
        names = ", ".join(untrusted)
        print(
            f"slaeditor: not trusted: {names}; the signatures are intact, but nothing shows "
            "who signed. Pass the issuer's root with --trust ROOT.pem, or --allow-untrusted "
            "to accept them as they are.",
            file=sys.stderr,
        )
        return EXIT_UNTRUSTED
    return EXIT_OK
