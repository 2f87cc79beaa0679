"""compose() prints shared terms once and each difference where it applies."""

from __future__ import annotations

from helpers import ROOT

from slaeditor import load_agreement
from slaeditor.compose import compose
from slaeditor.model import ClauseChoice, resolve_all
from slaeditor.templating.blocks import Heading, Paragraph, SignatureBlock, Table

MULTI = ROOT / "examples" / "managed-it-multilevel.sla.yaml"
TELECOM = ROOT / "examples" / "telecom-customer.sla.yaml"


def _tables(contract, name: str) -> list[Table]:
    return [
        block
        for section in contract.sections
        for block in section.blocks
        if isinstance(block, Table) and block.name == name
    ]


def test_one_credit_table_per_distinct_schedule_captioned_with_its_services() -> None:
    agreement = load_agreement(MULTI)
    contract = compose(agreement)
    schedules = {r.terms.credits.model_dump_json() for r in resolve_all(agreement)}
    tables = _tables(contract, "credit_tiers")
    assert len(tables) == len(schedules) > 1
    captions = [
        block.text
        for section in contract.sections
        for block in section.blocks
        if isinstance(block, Paragraph) and block.style == "caption"
    ]
    for resolved in resolve_all(agreement):
        assert any(resolved.service.name in c or "all Services" in c for c in captions)


def test_overrides_table_lists_every_group_and_service_difference() -> None:
    agreement = load_agreement(MULTI)
    (table,) = _tables(compose(agreement), "overrides")
    applies_to = {row[0] for row in table.rows}
    for group in agreement.customer_groups:
        if group.overrides:
            assert f"Customer group: {group.name}" in applies_to
    for service in agreement.services:
        if service.overrides:
            assert f"Service: {service.name}" in applies_to


def test_sections_and_clauses_are_numbered_in_order() -> None:
    contract = compose(load_agreement(TELECOM))
    assert [s.number for s in contract.sections] == [str(i) for i in range(1, 19)]
    for section in contract.sections:
        numbers = [b.number for b in section.blocks if isinstance(b, Heading) and b.level == 2]
        assert numbers == [f"{section.number}.{i}" for i in range(1, len(numbers) + 1)]


def test_every_signatory_gets_a_signature_block() -> None:
    agreement = load_agreement(TELECOM)
    blocks = [
        b for s in compose(agreement).sections for b in s.blocks if isinstance(b, SignatureBlock)
    ]
    assert [b.party for b in blocks] == [agreement.provider.name, agreement.customer.name]
    signed = [p.name for b in blocks for p in b.signatories]
    expected = [s.name for s in agreement.provider.signatories + agreement.customer.signatories]
    assert signed == expected


def test_choosing_a_variant_changes_the_wording() -> None:
    agreement = load_agreement(TELECOM)
    standard = compose(agreement).plain_text()
    chosen = agreement.model_copy(
        update={"clauses": {"credits-cap": ClauseChoice(variant="fallback")}}
    )
    assert compose(chosen).plain_text() != standard


def test_text_from_a_macro_is_escaped_once_not_twice() -> None:
    agreement = load_agreement(TELECOM)
    agreement.provider.short_name = "A.T. & T*"
    for example in (TELECOM, MULTI, ROOT / "examples" / "cloud-service.sla.yaml"):
        assert "\\" not in compose(load_agreement(example)).plain_text()
    assert "A.T. & T* accepts the order" in compose(agreement).plain_text()


def test_unknown_clause_or_variant_is_an_error_not_silently_standard() -> None:
    import pytest

    from slaeditor.compose import RenderError

    agreement = load_agreement(TELECOM)
    agreement.clauses = {
        "credits-amount": ClauseChoice(variant="customer-frendly"),
        "no-such-clause": ClauseChoice(variant="x"),
    }
    with pytest.raises(RenderError) as caught:
        compose(agreement)
    message = str(caught.value)
    assert "clause 'credits-amount' has no variant 'customer-frendly'" in message
    assert "customer-friendly" in message
    assert "no clause 'no-such-clause'" in message


def test_a_library_clause_prints_under_its_own_heading() -> None:
    from slaeditor.clauses import load_pack
    from slaeditor.model import ClauseChoice

    agreement = load_agreement(ROOT / "examples" / "telecom-customer.sla.yaml")
    pack = load_pack(agreement.template)

    def headings() -> list[str]:
        return [
            f"{block.number} {block.text}"
            for section in compose(agreement, pack).sections
            if section.id == "credits"
            for block in section.blocks
            if isinstance(block, Heading)
        ]

    assert "8.3 Claiming Service Credits" in headings()
    agreement.clauses["credits-claims"] = ClauseChoice(
        library="Acme legal", clause="claims", title="Claims procedure", text="Claim in writing."
    )
    assert "8.3 Claims procedure" in headings()
    assert "8.3 Claiming Service Credits" not in headings()
    # A choice recorded before titles were kept prints under the pack's heading, as it did.
    agreement.clauses["credits-claims"] = ClauseChoice(
        library="Acme legal", clause="claims", text="Claim in writing."
    )
    assert "8.3 Claiming Service Credits" in headings()


def test_no_cell_of_the_on_site_table_is_left_blank() -> None:
    agreement = load_agreement(TELECOM)
    on_site = {"included": True, "arrival_minutes": 240, "calendar": ""}
    terms = agreement.terms.model_copy(
        update={"on_site": agreement.terms.on_site.model_validate(on_site)}
    )
    contract = compose(agreement.model_copy(update={"terms": terms}))
    (table,) = _tables(contract, "on_site")
    assert table.rows, "the services inherit on-site support from the corporate terms"
    for row in table.rows:
        assert all(cell.strip() for cell in row), row
        service, coverage, arrival, repair, radius = row
        assert (arrival, repair, radius) == ("4 hours", "No target", "No limit"), service
        assert coverage == "24 hours a day, 7 days a week", "the support desk's calendar"


def test_services_with_the_same_terms_share_one_list_item() -> None:
    from slaeditor.templating.blocks import ListBlock

    contract = compose(load_agreement(TELECOM))
    merged = 0
    for section in contract.sections:
        for block in section.blocks:
            if not isinstance(block, ListBlock):
                continue
            named = [item for item in block.items if item[0].bold and len(item) > 1]
            rests = [item[1:] for item in named if item[1].text.startswith(":")]
            assert len(rests) == len(set(rests)), f"clause {section.number} repeats an item"
            merged += sum(1 for item in named if "; and " in item[0].text)
    assert merged >= 2, "the claim periods and the maintenance terms are said once"


def test_free_text_names_the_parties_by_their_defined_names_through_tokens() -> None:
    agreement = load_agreement(TELECOM)
    exclusion = agreement.exclusions[0].model_copy(
        update={"text": "Faults caused by [Customer]; [provider] is not liable."}
    )
    changed = agreement.model_copy(
        update={
            "exclusions": [exclusion],
            "customer_obligations": ["Tell [Provider] about changes at a Site."],
        }
    )
    text = compose(changed).plain_text()
    assert "Faults caused by Meridian; Albion Connect is not liable." in text
    assert "Tell Albion Connect about changes at a Site." in text
    assert "[Customer]" not in text and "[Provider]" not in text
