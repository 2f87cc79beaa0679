"""Whatever a user types is printed exactly as typed, or refused with a message naming the field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import (
    EXAMPLES,
    ROOT,
    docx_table_headers,
    docx_text,
    pdf_body_words,
    pdf_text,
    words,
)
from pydantic import ValidationError

from slaeditor import Agreement, load_agreement, render
from slaeditor.compose.typography import curly

if TYPE_CHECKING:
    from pathlib import Path

TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no example agreements")

HOSTILE = {
    "markup": "Smith & Sons <b>bold</b> \"quoted\" 'single' </w:t>",
    "jinja": "Globex {{ 7*7 }} {% if true %}x{% endif %} {# note #}",
    "markdown": "**not bold** _not italic_ # not a heading [not](a-link) `code` \\backslash",
    "hebrew": "חברת התקשורת בע״מ",
    "arabic": "شركة الاتصالات المتقدمة",
    "emoji": "Rocket 🚀 family 👨‍👩‍👧 flag 🇬🇧",
    "xml": "]]> <![CDATA[ x ]]> &amp; &#x41; &lt;",
}


def _hostile_agreement(text: str) -> Agreement:
    data: dict[str, Any] = load_agreement(TELECOM).model_dump(mode="python")
    data["provider"]["name"] = f"Provider {text}"
    data["customer"]["name"] = f"Customer {text}"
    data["services"][0]["name"] = f"Voice {text}"
    data["services"][0]["description"] = f"Described as {text}"
    data["exclusions"][0]["text"] = f"Excluded: {text}"
    data["customer_obligations"][0] = f"Obliged: {text}"
    data["provider"]["signatories"][0]["name"] = f"Signer {text}"
    return Agreement.model_validate(data)


PREFIXES = ("Provider", "Customer", "Voice", "Described as", "Excluded:", "Obliged:", "Signer")


def _pypdf_text(path: Path) -> str:
    """Read a PDF with pypdf, which keeps right-to-left words in logical order."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_text_appears_verbatim_in_word_and_pdf(kind: str, tmp_path: Path) -> None:
    text = HOSTILE[kind]
    agreement = _hostile_agreement(text)
    docx = docx_text(render(agreement, tmp_path / "c.docx"))
    pdf_path = render(agreement, tmp_path / "c.pdf")
    # poppler prints right-to-left runs in visual order; pypdf keeps the logical order.
    extracted = _pypdf_text(pdf_path) if kind in ("hebrew", "arabic") else pdf_text(pdf_path)
    pdf = words(extracted)
    for prefix in PREFIXES:
        shown = curly(f"{prefix} {text}")  # as typed, but for its typographic quotes
        assert shown in docx, f"{prefix} field not verbatim in the Word file"
        assert _nearby_in_order(words(shown), pdf), f"{prefix} field not in the PDF"
    if kind == "jinja":
        assert "Globex 49" not in docx and "Globex 49" not in " ".join(pdf)


def _nearby_in_order(needle: list[str], haystack: list[str], slack: int = 25) -> bool:
    """Tell whether needle's words occur in order and close together in haystack.

    A table cell wraps: its neighbours' words interleave, and a line may break inside a "word"
    such as `%}x{%` at a legal break point; every character must still be there, in order.
    """
    for start, word in enumerate(haystack):
        if needle[0].startswith(word) and _matches_from(needle, haystack, start, slack):
            return True
    return False


def _matches_from(needle: list[str], haystack: list[str], position: int, slack: int) -> bool:
    skipped = 0
    for token in needle:
        while position < len(haystack) and not token.startswith(haystack[position]):
            position, skipped = position + 1, skipped + 1
            if skipped > slack:
                return False
        built = ""
        while position < len(haystack) and token.startswith(built + haystack[position]):
            built += haystack[position]
            position += 1
            if built == token:
                break
        if built != token:
            return False
    return True


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(word in remaining for word in needle)


def test_long_free_text_is_printed_in_full(tmp_path: Path) -> None:
    long_text = " ".join(f"clause{n}" for n in range(700))
    assert len(long_text) > 5000
    data = load_agreement(TELECOM).model_dump(mode="python")
    data["exclusions"][0]["text"] = long_text
    data["services"][0]["description"] = long_text
    agreement = Agreement.model_validate(data)
    docx_path = render(agreement, tmp_path / "c.docx")
    pdf_path = render(agreement, tmp_path / "c.pdf")
    docx = docx_text(docx_path)
    pdf = pdf_body_words(pdf_path, docx_table_headers(docx_path))
    assert docx.count(long_text) == 2
    assert long_text in " ".join(pdf), "the exclusion (a paragraph) runs on unbroken"
    # In the services table the long row breaks across pages, so the row's other cells
    # interleave with it; every word must still be there, in order, both times.
    assert _is_subsequence(words(long_text) * 2, pdf)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Acme\x07 Ltd", "control character (U+0007)"),
        ("Acme\x00 Ltd", "control character (U+0000)"),
        ("Acme \u202eLtd", "text-direction control (U+202E)"),
        ("A" * 5000, "200"),
        ("Acme\nLtd", "one line"),
    ],
)
def test_unprintable_names_are_refused_naming_the_field(value: str, expected: str) -> None:
    data = load_agreement(TELECOM).model_dump(mode="python")
    data["provider"]["name"] = value
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(data)
    error = caught.value.errors()[0]
    assert error["loc"] == ("provider", "name")
    assert expected in str(caught.value)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("document", "locale"), "xx_XX", "not a language"),
        (("document", "currency"), "XYZ", "not a currency"),
    ],
)
def test_unusable_locale_or_currency_is_refused_naming_the_field(
    path: tuple[str, str], value: str, expected: str
) -> None:
    data = load_agreement(TELECOM).model_dump(mode="python")
    data[path[0]][path[1]] = value
    with pytest.raises(ValidationError) as caught:
        Agreement.model_validate(data)
    assert caught.value.errors()[0]["loc"] == path
    assert expected in str(caught.value)


def test_definition_terms_are_checked_like_names() -> None:
    data = load_agreement(TELECOM).model_dump(mode="python")
    data["definitions"] = {"Bad\x0cTerm": "meaning"}
    with pytest.raises(ValidationError, match="control character"):
        Agreement.model_validate(data)


def test_many_long_service_names_still_make_a_word_file(tmp_path: Path) -> None:
    data = load_agreement(TELECOM).model_dump(mode="python")
    for index in range(4):
        extra = dict(data["services"][0], id=f"extra{index}", overrides={})
        extra["name"] = f"Contact Centre as a Service with Call Recording, variant {index}"
        data["services"].append(extra)
    target = render(Agreement.model_validate(data), tmp_path / "c.docx")
    assert "variant 3" in docx_text(target)
