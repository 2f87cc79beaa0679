"""Service credits checked against the published schedules of DOMAIN.md §4."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaeditor.sla import (
    Tier,
    credit_amount,
    credit_percent_for,
    downtime_minutes_for_uptime,
    tier_problems,
    uptime_percent,
)


def tiers(*rows: tuple[str, str]) -> list[Tier]:
    return [Tier(Decimal(below), Decimal(credit)) for below, credit in rows]


AWS_EC2 = tiers(("99.99", "10"), ("99.0", "30"), ("95.0", "100"))
AZURE_VMS = tiers(("99.99", "10"), ("99", "25"), ("95", "100"))
MICROSOFT_365 = tiers(("99.9", "25"), ("99", "50"), ("95", "100"))
GOOGLE_ALLOYDB = tiers(("99.99", "10"), ("99", "25"), ("95", "50"))
IPCOMMS_VOIP = tiers(("99.99", "10"), ("99", "25"), ("95", "50"), ("90", "100"))

# (name, schedule, target, cap or None) as published.
PUBLISHED = [
    ("AWS EC2", AWS_EC2, "99.99", None),
    ("Azure VMs", AZURE_VMS, "99.99", "100"),
    ("Microsoft 365", MICROSOFT_365, "99.9", None),
    ("Google AlloyDB", GOOGLE_ALLOYDB, "99.99", None),
    ("IPComms VoIP", IPCOMMS_VOIP, "99.99", "100"),
]

SAMPLES = [
    # AWS: the examples of the brief, and the boundaries (below means strictly below).
    (AWS_EC2, "98.7", "30"),
    (AWS_EC2, "99.5", "10"),
    (AWS_EC2, "99.995", "0"),
    (AWS_EC2, "94", "100"),
    (AWS_EC2, "99.99", "0"),
    (AWS_EC2, "99.0", "10"),
    (AWS_EC2, "95.0", "30"),
    (AZURE_VMS, "100", "0"),
    (AZURE_VMS, "99.98", "10"),
    (AZURE_VMS, "98.5", "25"),
    (AZURE_VMS, "94.99", "100"),
    (MICROSOFT_365, "99.95", "0"),
    (MICROSOFT_365, "99.9", "0"),
    (MICROSOFT_365, "99.89", "25"),
    (MICROSOFT_365, "98", "50"),
    (MICROSOFT_365, "50", "100"),
    (GOOGLE_ALLOYDB, "99.995", "0"),
    (GOOGLE_ALLOYDB, "99.95", "10"),
    (GOOGLE_ALLOYDB, "97", "25"),
    (GOOGLE_ALLOYDB, "80", "50"),
    (IPCOMMS_VOIP, "99.991", "0"),
    (IPCOMMS_VOIP, "99.5", "10"),
    (IPCOMMS_VOIP, "96", "25"),
    (IPCOMMS_VOIP, "92", "50"),
    (IPCOMMS_VOIP, "89.9", "100"),
]


@pytest.mark.parametrize(("schedule", "uptime", "credit"), SAMPLES)
def test_published_schedules_give_the_credit_of_the_most_severe_tier(
    schedule: list[Tier], uptime: str, credit: str
) -> None:
    assert credit_percent_for(Decimal(uptime), schedule) == Decimal(credit)


@pytest.mark.parametrize(("name", "schedule", "target", "cap"), PUBLISHED)
def test_published_schedules_pass_every_rule(
    name: str, schedule: list[Tier], target: str, cap: str | None
) -> None:
    assert tier_problems(schedule, Decimal(target), None if cap is None else Decimal(cap)) == []


def test_voip_example_reduces_the_payment_by_5_percent_at_97_percent() -> None:
    schedule = tiers(("99.9", "5"))
    assert credit_percent_for(Decimal(97), schedule) == Decimal(5)
    assert credit_amount(Decimal(97), schedule, Decimal("400.00")) == Decimal("20.00")


def test_credit_is_the_tier_share_of_the_base_in_cents() -> None:
    assert credit_amount(Decimal("98.7"), AWS_EC2, Decimal("1234.56")) == Decimal("370.37")
    assert credit_amount(Decimal("99.995"), AWS_EC2, Decimal("1234.56")) == Decimal("0.00")


def test_half_a_cent_rounds_up() -> None:
    assert credit_amount(Decimal("99.5"), AWS_EC2, Decimal("0.25")) == Decimal("0.03")


def test_credit_is_limited_to_the_cap() -> None:
    assert credit_amount(Decimal(80), IPCOMMS_VOIP, Decimal(500), Decimal(25)) == Decimal("125.00")
    assert credit_amount(Decimal(80), IPCOMMS_VOIP, Decimal(500), Decimal(100)) == Decimal("500.00")


def test_minimum_credit_applies_only_when_a_credit_is_due() -> None:
    base = Decimal("30.00")
    assert credit_amount(Decimal("99.5"), AWS_EC2, base, minimum_amount=Decimal(5)) == Decimal(
        "5.00"
    )
    assert credit_amount(Decimal("99.999"), AWS_EC2, base, minimum_amount=Decimal(5)) == Decimal(
        "0.00"
    )
    assert credit_amount(Decimal(94), AWS_EC2, base, minimum_amount=Decimal(5)) == Decimal("30.00")


def test_minimum_credit_never_exceeds_the_cap() -> None:
    amount = credit_amount(Decimal("99.5"), AWS_EC2, Decimal(30), Decimal(10), Decimal(5))
    assert amount == Decimal("3.00")


def test_negative_base_is_refused() -> None:
    with pytest.raises(ValueError, match="base cannot be negative"):
        credit_amount(Decimal(90), AWS_EC2, Decimal(-1))


def test_downtime_for_an_uptime_reverses_the_uptime_formula() -> None:
    minutes = downtime_minutes_for_uptime(Decimal("98.7"), Decimal(43200))
    assert minutes == Decimal("561.6")
    assert uptime_percent(43200, minutes) == Decimal("98.7")
    assert downtime_minutes_for_uptime(Decimal(100), Decimal(43200)) == 0


# --- which side of the boundary -----------------------------------------------

FALLS_TO_97 = [
    Tier(Decimal("99.9"), Decimal(2)),
    Tier(Decimal(97), Decimal(5), inclusive=True),
    Tier(Decimal(95), Decimal(10)),
]


def test_uptime_that_falls_to_exactly_97_reduces_the_fee_by_5_percent() -> None:
    assert credit_percent_for(Decimal("97.0"), FALLS_TO_97) == Decimal(5)
    assert credit_percent_for(Decimal("97.001"), FALLS_TO_97) == Decimal(2)
    assert credit_amount(Decimal(97), FALLS_TO_97, Decimal(1000)) == Decimal("50.00")


def test_a_below_tier_leaves_its_boundary_to_the_tier_above() -> None:
    assert credit_percent_for(Decimal(95), FALLS_TO_97) == Decimal(5)
    assert credit_percent_for(Decimal("94.999"), FALLS_TO_97) == Decimal(10)
    assert credit_percent_for(Decimal("99.9"), FALLS_TO_97) == Decimal(0)


def test_a_tier_says_its_condition_in_words() -> None:
    assert [tier.condition() for tier in FALLS_TO_97] == [
        "below 99.9 %",
        "at or below 97 %",
        "below 95 %",
    ]


def test_an_at_or_below_tier_at_the_target_pays_while_the_target_is_met() -> None:
    schedule = [Tier(Decimal("99.9"), Decimal(5), inclusive=True)]
    problems = tier_problems(schedule, Decimal("99.9"), None)
    assert problems == [
        (
            0,
            "Tier 1: uptime at or below 99.9 % includes uptimes that meet the 99.9 % target, "
            "so a credit would be due while the target is met; set the tier to below 99.9 % "
            "or lower",
        )
    ]


def test_an_at_or_below_zero_tier_applies_to_a_total_outage() -> None:
    schedule = [Tier(Decimal(0), Decimal(100), inclusive=True)]
    assert tier_problems(schedule, Decimal("99.9"), None) == []
    assert credit_percent_for(Decimal(0), schedule) == Decimal(100)


def test_the_fix_names_every_richer_tier_above() -> None:
    schedule = tiers(("99.9", "10"), ("99.5", "15"), ("99", "5"))
    problems = tier_problems(schedule, Decimal("99.9"), None)
    assert problems == [
        (
            2,
            "Tier 3: uptime below 99 % earns 5 %, less than tiers 1 and 2 pay at a higher "
            "uptime (up to 15 %), but a lower uptime must never earn a smaller credit; lower "
            "tiers 1 and 2 to at most 5 %, or raise tier 3 to at least 15 %",
        )
    ]


# --- tier_problems ----------------------------------------------------------


def test_credit_tiers_must_not_decrease_as_uptime_falls() -> None:
    problems = tier_problems(tiers(("99.9", "10"), ("99.5", "5")), Decimal("99.9"), None)
    assert problems == [
        (
            1,
            "Tier 2: uptime below 99.5 % earns 5 %, less than tier 1 pays at a higher uptime "
            "(up to 10 %), but a lower uptime must never earn a smaller credit; lower tier 1 "
            "to at most 5 %, or raise tier 2 to at least 10 %",
        )
    ]


def test_tiers_must_be_listed_from_the_highest_threshold_down() -> None:
    problems = tier_problems(tiers(("99", "25"), ("99.9", "10")), Decimal("99.9"), None)
    assert len(problems) == 1
    index, message = problems[0]
    assert index == 1
    assert message.startswith("Tier 2: uptime below 99.9 % is higher than the 99 % of tier 1")
    assert "list the tiers from the highest uptime down" in message


def test_an_unordered_inversion_is_reported_at_the_tier_with_the_smaller_credit() -> None:
    problems = tier_problems(tiers(("99", "5"), ("99.9", "10")), Decimal("99.9"), None)
    assert [index for index, _ in problems] == [0, 1]
    assert problems[0][1].startswith(
        "Tier 1: uptime below 99 % earns 5 %, less than tier 2 pays at a higher uptime (up to 10 %)"
    )


def test_thresholds_above_the_target_are_reported() -> None:
    problems = tier_problems(tiers(("99.95", "10"), ("99", "25")), Decimal("99.9"), None)
    assert problems == [
        (
            0,
            "Tier 1: uptime below 99.95 % includes uptimes that meet the 99.9 % target, so a "
            "credit would be due while the target is met; set the tier to below 99.9 % or lower",
        )
    ]


def test_credits_above_the_cap_are_reported() -> None:
    problems = tier_problems(IPCOMMS_VOIP, Decimal("99.99"), Decimal(50))
    assert problems == [
        (3, "Tier 4: a credit of 100 % is above the 50 % cap; lower it to 50 % or raise the cap")
    ]


def test_duplicate_thresholds_are_reported() -> None:
    problems = tier_problems(tiers(("99.9", "10"), ("99.90", "25")), Decimal("99.9"), None)
    assert problems == [
        (
            1,
            "Tier 2: 99.9 % is already the threshold of tier 1; give each tier "
            "its own threshold or merge the two",
        )
    ]


@pytest.mark.parametrize(
    ("credit", "fix"), [("0", "set a credit above 0 %"), ("120", "set at most 100 %")]
)
def test_credits_outside_0_to_100_are_reported(credit: str, fix: str) -> None:
    problems = tier_problems(tiers(("99", credit)), Decimal("99.9"), None)
    assert len(problems) == 1
    assert problems[0][0] == 0
    assert fix in problems[0][1]


def test_a_threshold_no_uptime_can_be_below_is_reported() -> None:
    problems = tier_problems(tiers(("0", "100")), Decimal("99.9"), None)
    assert problems == [
        (
            0,
            "Tier 1: uptime can never be below 0 %, so this tier never applies; raise the "
            "threshold or remove the tier",
        )
    ]


@pytest.mark.parametrize("cap", ["0", "150"])
def test_a_cap_outside_the_fee_is_reported_for_the_whole_schedule(cap: str) -> None:
    problems = tier_problems(AWS_EC2, Decimal("99.99"), Decimal(cap))
    assert problems[0][0] is None
    assert f"cap of {cap} %" in problems[0][1]


def test_an_empty_schedule_has_no_problems() -> None:
    assert tier_problems([], Decimal("99.9"), None) == []


# --- properties -------------------------------------------------------------

percents = st.decimals(min_value=0, max_value=100, places=3)


@st.composite
def valid_schedules(draw: st.DrawFn) -> list[Tier]:
    """Strictly decreasing thresholds with credits that never shrink."""
    thresholds = draw(
        st.lists(
            st.decimals(min_value="0.001", max_value=100, places=3),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    credits = draw(
        st.lists(
            st.decimals(min_value="0.01", max_value=100, places=2),
            min_size=len(thresholds),
            max_size=len(thresholds),
        )
    )
    # The top tier stays strictly below: "at or below" the target would pay while it is met.
    sides = [
        False,
        *draw(st.lists(st.booleans(), min_size=len(thresholds) - 1, max_size=len(thresholds) - 1)),
    ]
    return [
        Tier(below, credit, inclusive)
        for below, credit, inclusive in zip(
            sorted(thresholds, reverse=True), sorted(credits), sides, strict=True
        )
    ]


@given(valid_schedules(), percents, percents)
def test_credit_never_decreases_as_uptime_falls(
    schedule: list[Tier], a: Decimal, b: Decimal
) -> None:
    lower, higher = sorted((a, b))
    assert credit_percent_for(lower, schedule) >= credit_percent_for(higher, schedule)


@given(valid_schedules())
def test_generated_valid_schedules_pass_the_rules(schedule: list[Tier]) -> None:
    assert tier_problems(schedule, Decimal(100), Decimal(100)) == []


@given(
    st.lists(st.builds(Tier, percents, percents), max_size=5),
    percents,
    st.decimals(min_value=0, max_value=100_000, places=2),
    percents,
    st.none() | st.decimals(min_value=0, max_value=100_000, places=2),
)
def test_credit_never_exceeds_the_cap(
    schedule: list[Tier],
    uptime: Decimal,
    base: Decimal,
    cap: Decimal,
    minimum: Decimal | None,
) -> None:
    amount = credit_amount(uptime, schedule, base, cap, minimum)
    cap_amount = (cap / 100 * base).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Decimal(0) <= amount <= cap_amount
    assert amount == amount.quantize(Decimal("0.01"))
