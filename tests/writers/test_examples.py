"""Every example renders to Word and PDF that say the same words, with the computed figures."""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from helpers import (
    EXAMPLES,
    docx_table_headers,
    pdf_body_words,
    pdf_text,
    words,
)

from slaeditor import load_agreement, render
from slaeditor.model import resolve_all
from slaeditor.sla import (
    MonthConvention,
    Window,
    allowed_downtime_seconds,
    format_minutes,
    format_percent,
)

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.skipif(not EXAMPLES, reason="no example agreements")


def docx_first_heading(path: Path) -> str:
    """Return the text of the first section heading of a Word file."""
    import docx

    document = docx.Document(str(path))
    return next(p.text for p in document.paragraphs if p.style.name == "Heading 1")


def _render_both(example: Path, tmp_path: Path) -> tuple[Path, Path]:
    stem = example.name.removesuffix(".sla.yaml")
    return render(example, tmp_path / f"{stem}.pdf"), render(example, tmp_path / f"{stem}.docx")


def _first_difference(left: list[str], right: list[str]) -> str:
    matcher = difflib.SequenceMatcher(a=left, b=right, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return (
                f"{tag} at word {i1}: DOCX {left[max(0, i1 - 5) : i2 + 5]} "
                f"vs PDF {right[max(0, j1 - 5) : j2 + 5]}"
            )
    return ""


def _same_words(docx_words: list[str], pdf_words: list[str]) -> bool:
    """Tell whether both list the same words in order.

    A PDF line may break inside a long e-mail address, a URL or after a dash; each Word word
    must then be exactly the next one or more PDF pieces joined, and nothing may be left over.
    """
    position = 0
    for word in docx_words:
        built = ""
        while position < len(pdf_words) and len(built) < len(word):
            built += pdf_words[position]
            position += 1
        if built != word:
            return False
    return position == len(pdf_words)


def _without_contents(text: list[str], first_heading: list[str]) -> list[str]:
    """Drop the table of contents: from "Contents" to the body's first heading.

    The contents differ in layout only (dot leaders, page numbers that Word fills in); the
    body starts at the last place the first section's number and title stand.
    """
    size = len(first_heading)
    starts = [i for i in range(len(text) - size + 1) if text[i : i + size] == first_heading]
    assert starts, f"the first heading {first_heading} is missing"
    if "Contents" not in text[: starts[-1]]:
        return text
    return text[: text.index("Contents")] + text[starts[-1] :]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_word_and_pdf_contract_say_the_same_words_in_the_same_order(
    example: Path, tmp_path: Path, soffice
) -> None:
    pdf, docx = _render_both(example, tmp_path)
    # Word's text as LibreOffice shows it: the clause numbers are Word's list numbering.
    shown = soffice(docx, "txt:Text (encoded):UTF8").read_text(encoding="utf-8-sig")
    first = ["1", *words(docx_first_heading(docx))]
    docx_words = _without_contents(words(shown), first)
    pdf_words = _without_contents(pdf_body_words(pdf, docx_table_headers(docx)), first)
    assert len(pdf_words) > 1500, "a full contract has well over 1,500 words"
    assert _same_words(docx_words, pdf_words), _first_difference(docx_words, pdf_words)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_pdf_states_each_services_downtime_budget_and_every_credit_tier(
    example: Path, tmp_path: Path
) -> None:
    agreement = load_agreement(example)
    pdf = render(example, tmp_path / "contract.pdf")
    text = " ".join(words(pdf_text(pdf)))
    locale = agreement.document.locale
    for resolved in resolve_all(agreement):
        availability = resolved.terms.availability
        assert (
            f"{resolved.service.name} {format_percent(availability.target_percent, locale)}" in text
        )
        if availability.month_convention == MonthConvention.CALENDAR:
            seconds = allowed_downtime_seconds(
                availability.target_percent,
                Window.MONTH,
                availability.month_convention,
                month_days=30,
            )
        else:
            seconds = allowed_downtime_seconds(
                availability.target_percent, availability.window, availability.month_convention
            )
        whole = int(seconds // 60)  # downtime is counted in whole minutes
        assert format_minutes(whole, locale) in text, resolved.service.name
        for tier in resolved.terms.credits.tiers:
            row = (
                f"{'At or below' if tier.applies == 'at-or-below' else 'Below'} "
                f"{format_percent(tier.uptime_percent, locale)} "
                f"{format_percent(tier.credit_percent, locale)}"
            )
            assert row in text, f"{resolved.service.name}: tier '{row}' missing"


def test_telecom_example_has_the_seed_figures(tmp_path: Path) -> None:
    example = next(p for p in EXAMPLES if p.name == "telecom-customer.sla.yaml")
    agreement = load_agreement(example)
    assert agreement.terms.availability.target_percent == Decimal("99.9")
    text = " ".join(words(pdf_text(render(example, tmp_path / "t.pdf"))))
    assert "43 minutes in a 30-day month (40 to 44 minutes in months of 28 to 31 days)" in text
    assert "12 hours" in text, "the 12-hour response for a non-serious issue"
    assert "Below 98% 5%" in text, "uptime that falls to 97 % reduces the fee by 5 %"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_word_contract_opens_in_python_docx_and_converts_in_libreoffice(
    example: Path, tmp_path: Path, soffice
) -> None:
    import docx

    target = render(example, tmp_path / "contract.docx")
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) >= 15, headings
    converted = soffice(target, "pdf")
    text = pdf_text(converted, body_only=False)
    assert f"1 {headings[0]}" in text, "Word's numbering prints the section number"
    assert "Page 2 of" in text, "the footer's page x of y fields are filled in by LibreOffice"
