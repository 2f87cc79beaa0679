"""Whatever a user types is printed exactly as typed, or refused with a message naming the field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from helpers import EXAMPLES, ROOT, docx_text, pdf_text, words
from pydantic import ValidationError

from slaeditor import Agreement, load_agreement, render

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


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_text_appears_verbatim_in_word_and_pdf(kind: str, tmp_path: Path) -> None:
    text = HOSTILE[kind]
    agreement = _hostile_agreement(text)
    docx = docx_text(render(agreement, tmp_path / "c.docx"))
    pdf_words = words(pdf_text(render(agreement, tmp_path / "c.pdf"), body_only=False))
    for prefix in (
        "Provider",
        "Customer",
        "Voice",
        "Described as",
        "Excluded:",
        "Obliged:",
        "Signer",
    ):
        assert f"{prefix} {text}" in docx, f"{prefix} field not verbatim in the Word file"
    expected = words(text)
    if kind in ("hebrew", "arabic"):
        # PDF extractors print right-to-left runs in visual order; each word must be intact.
        for word in expected:
            assert pdf_words.count(word) >= 7, word
    else:
        joined = " ".join(pdf_words)
        assert joined.count(" ".join(expected)) >= 7, f"{kind}: {text!r} not verbatim in the PDF"
    if kind == "jinja":
        assert "Globex 49" not in docx and "Globex 49" not in " ".join(pdf_words)


def test_long_free_text_is_printed_in_full(tmp_path: Path) -> None:
    description = " ".join(f"clause{n}" for n in range(700))
    assert len(description) > 5000
    data = load_agreement(TELECOM).model_dump(mode="python")
    data["services"][0]["description"] = description
    agreement = Agreement.model_validate(data)
    docx = docx_text(render(agreement, tmp_path / "c.docx"))
    pdf = " ".join(words(pdf_text(render(agreement, tmp_path / "c.pdf"))))
    assert description in docx
    assert description in pdf


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
