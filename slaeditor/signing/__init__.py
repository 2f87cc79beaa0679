"""Sign contract PDFs and check their signatures (Qt-free).

`sign` puts a PAdES signature into one of the empty signature fields the renderer placed in
the signatory blocks, as an incremental update, so a later signer's signature leaves earlier
ones valid. `verify` reports every signature in plain words. `fields` lists the fields with
pypdf only. pyHanko, which does the cryptography and the PDF signing, is imported by `sign`
and `verify` when they run, never when the application starts.
"""

from __future__ import annotations

from slaeditor.errors import UserError


class SigningError(UserError):
    """A signing or verification request the user must fix: names the file and what to do."""


__all__ = ["SigningError"]
