from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from slaeditor.model import Agreement
from slaeditor.model.validation import Issue, Level, check, errors, format_issue


def valid_data(**changes: Any) -> dict[str, Any]:
    """A complete customer-based agreement with no errors and no warnings."""
    data: dict[str, Any] = {
        "sla_type": "customer-based",
        "provider": {
            "name": "Northwind Telecom Ltd",
            "signatories": [{"name": "Ada Provider", "title": "Director"}],
        },
        "customer": {
            "name": "Contoso plc",
            "signatories": [{"name": "Cy Customer", "title": "CIO"}],
        },
        "term": {"effective_date": datetime.date(2026, 1, 1)},
        "sites": [{"id": "hq", "name": "Head office", "address": "1 Dock Road, Hull HU1 1AA"}],
        "calendars": [
            {"id": "business", "name": "Business hours", "hours": [{"days": ["mon", "fri"]}]},
            {"id": "always", "name": "24×7", "always": True},
        ],
        "services": [
            {"id": "voice", "name": "Voice", "sites": ["hq"]},
            {"id": "internet", "name": "Internet"},
        ],
        "terms": {
            "availability": {"target_percent": "99.9"},
            "credits": {
                "tiers": [
                    {"uptime_percent": "99.9", "credit_percent": "10"},
                    {"uptime_percent": "99", "credit_percent": "25"},
                    {"uptime_percent": "95", "credit_percent": "100"},
                ],
                "cap_percent": "100",
            },
            "support": {
                "calendar": "business",
                "severities": [
                    {
                        "level": 1,
                        "name": "Critical",
                        "definition": "Service down",
                        "response_minutes": 15,
                        "resolution_minutes": 240,
                        "update_minutes": 60,
                        "calendar": "always",
                    },
                    {
                        "level": 2,
                        "name": "High",
                        "definition": "Service impaired",
                        "response_minutes": "4h",
                        "resolution_minutes": "1d",
                    },
                    {
                        "level": 3,
                        "name": "Normal",
                        "definition": "A question",
                        "response_minutes": "12h",
                    },
                ],
            },
        },
        "exclusions": [{"kind": "customer-caused", "text": "Acts of the Customer"}],
        "customer_obligations": ["Report faults promptly"],
        "communication": {"escalation": [{"level": 1, "provider_contact": "Service desk"}]},
    }
    data.update(changes)
    return data


def make(**changes: Any) -> Agreement:
    return Agreement.model_validate(valid_data(**changes))


def multi_level(**changes: Any) -> dict[str, Any]:
    data = valid_data(
        sla_type="multi-level",
        customer_groups=[{"id": "retail", "name": "Retail"}, {"id": "wholesale", "name": "Bulk"}],
    )
    data["services"] = [
        {"id": "voice", "name": "Voice", "group": "retail"},
        {"id": "internet", "name": "Internet", "group": "retail"},
        {"id": "sms", "name": "Messaging", "group": "wholesale"},
    ]
    data.update(changes)
    return data


def terms(**sections: Any) -> dict[str, Any]:
    """The fixture's corporate terms with some sections merged in."""
    base: dict[str, Any] = valid_data()["terms"]
    for key, value in sections.items():
        base[key] = {**base.get(key, {}), **value}
    return base


def at(agreement: Agreement, path: str) -> list[Issue]:
    return [issue for issue in check(agreement) if issue.path == path]


def only(agreement: Agreement, path: str) -> Issue:
    found = at(agreement, path)
    assert len(found) == 1, check(agreement)
    return found[0]


def test_the_valid_fixture_has_no_issues_at_all() -> None:
    assert check(make()) == []


def test_the_valid_multi_level_fixture_has_no_issues() -> None:
    assert check(Agreement.model_validate(multi_level())) == []


# Parties and signatures


def test_a_customer_based_agreement_needs_a_customer() -> None:
    issue = only(make(customer=None), "customer")
    assert (issue.level, issue.section) == (Level.ERROR, "parties")


def test_a_service_based_agreement_may_leave_the_customer_out() -> None:
    assert at(make(sla_type="service-based", customer=None), "customer") == []


def test_each_party_needs_a_signatory() -> None:
    data = valid_data()
    data["provider"]["signatories"] = []
    data["customer"]["signatories"] = []
    agreement = Agreement.model_validate(data)
    for role, name in (("provider", "Northwind Telecom Ltd"), ("customer", "Contoso plc")):
        issue = only(agreement, f"{role}.signatories")
        assert issue.section == "signatures"
        assert name in issue.message


# Term


def test_notice_not_to_renew_longer_than_the_initial_term_is_an_error() -> None:
    agreement = make(term={"effective_date": "2026-01-01", "initial_term_months": 3})
    issue = only(agreement, "term.non_renewal_notice_days")
    assert (issue.level, issue.section) == (Level.ERROR, "term")
    assert "90 days" in issue.message and "3 months" in issue.message


def test_notice_not_to_renew_must_also_fit_an_automatic_renewal_term() -> None:
    term = {"effective_date": "2026-01-01", "renewal_term_months": 1}
    assert at(make(term=term), "term.non_renewal_notice_days")


def test_issue_date_after_the_effective_date_is_fine() -> None:
    agreement = make(document={"issue_date": "2026-03-01"})
    assert check(agreement) == []


# Scope: services, sites, groups


def test_an_agreement_without_services_is_an_error() -> None:
    issue = only(make(services=[]), "services")
    assert (issue.level, issue.section) == (Level.ERROR, "scope")


def test_duplicate_service_ids_name_both_services() -> None:
    services = [{"id": "voice", "name": "Voice"}, {"id": "voice", "name": "Voice 2"}]
    issue = only(make(services=services), "services[1].id")
    assert "Voice 2" in issue.message and "Voice" in issue.message


def test_duplicate_site_and_calendar_ids_are_errors() -> None:
    sites = [{"id": "hq", "name": "Head office"}, {"id": "hq", "name": "Annex"}]
    calendars = [{"id": "always", "name": "A", "always": True}] * 2
    agreement = make(sites=sites, calendars=calendars)
    assert only(agreement, "sites[1].id").section == "scope"
    assert only(agreement, "calendars[1].id").section == "service-hours"


def test_a_service_site_must_be_in_the_site_list() -> None:
    services = [{"id": "voice", "name": "Voice", "sites": ["hq", "lab"]}]
    issue = only(make(services=services), "services[0].sites[1]")
    assert "site 2 of its sites" in issue.message and issue.message.startswith("Voice:")


def test_customer_groups_belong_only_in_multi_level_agreements() -> None:
    data = valid_data(customer_groups=[{"id": "retail", "name": "Retail"}])
    data["services"][0]["group"] = "retail"
    agreement = Agreement.model_validate(data)
    assert only(agreement, "customer_groups").level is Level.ERROR
    assert "multi-level" in only(agreement, "services[0].group").message


def test_a_multi_level_agreement_needs_groups_and_every_service_in_one() -> None:
    data = multi_level(customer_groups=[])
    data["services"][0]["group"] = ""
    agreement = Agreement.model_validate(data)
    assert only(agreement, "customer_groups").section == "scope"
    assert "no customer group" in only(agreement, "services[0].group").message
    assert "is not in the agreement" in only(agreement, "services[1].group").message


def test_duplicate_group_ids_are_errors() -> None:
    groups = [{"id": "retail", "name": "Retail"}, {"id": "retail", "name": "Shops"}]
    agreement = Agreement.model_validate(multi_level(customer_groups=groups))
    assert only(agreement, "customer_groups[1].id").level is Level.ERROR


# Calendars


def test_a_business_hours_calendar_needs_hours_that_end_after_they_start() -> None:
    calendars = [
        {"id": "empty", "name": "Empty"},
        {
            "id": "late",
            "name": "Late",
            "hours": [{"days": ["mon"], "start": "18:00", "end": "08:00"}],
        },
    ]
    agreement = make(calendars=calendars)
    assert only(agreement, "calendars[0].hours").section == "service-hours"
    assert "18:00" in only(agreement, "calendars[1].hours[0].end").message


def test_unknown_calendars_are_reported_where_they_are_referenced() -> None:
    severities = valid_data()["terms"]["support"]["severities"]
    severities[1]["calendar"] = "weekend"
    agreement = make(
        terms=terms(
            support={"calendar": "nights", "severities": severities}, on_site={"calendar": "x"}
        )
    )
    assert only(agreement, "terms.support.calendar").section == "support"
    issue = only(agreement, "terms.support.severities[1].calendar")
    assert issue.message.startswith("Severity 2 (High) in the corporate terms:")
    assert "('weekend')" in issue.message
    assert "calendars (Business hours, 24×7)" in issue.message
    assert only(agreement, "terms.on_site.calendar").section == "on-site"


# Availability and maintenance


def test_an_unusually_low_target_is_only_a_warning() -> None:
    issue = only(
        make(terms=terms(availability={"target_percent": "85"})),
        "terms.availability.target_percent",
    )
    assert (issue.level, issue.section) == (Level.WARNING, "service-levels")
    assert "85 %" in issue.message


def test_a_long_minimum_downtime_run_hides_short_outages() -> None:
    agreement = make(terms=terms(availability={"minimum_downtime_minutes": 15}))
    issue = only(agreement, "terms.availability.minimum_downtime_minutes")
    assert (issue.level, issue.section) == (Level.WARNING, "measurement")


def test_maintenance_as_long_as_the_month_is_an_error() -> None:
    agreement = make(terms=terms(maintenance={"max_minutes_per_month": 40_320}))
    issue = only(agreement, "terms.maintenance.max_minutes_per_month")
    assert (issue.level, issue.section) == (Level.ERROR, "service-hours")


def test_generous_maintenance_and_short_notice_are_warnings() -> None:
    agreement = make(terms=terms(maintenance={"max_minutes_per_month": "9h", "notice_days": 1}))
    assert only(agreement, "terms.maintenance.max_minutes_per_month").level is Level.WARNING
    assert "1 day's notice" in only(agreement, "terms.maintenance.notice_days").message


# Credits


def tiers(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"uptime_percent": below, "credit_percent": credit} for below, credit in pairs]


def test_credit_tiers_must_not_decrease_as_uptime_falls() -> None:
    schedule = tiers(("99.9", "25"), ("99", "10"))
    issue = only(
        make(terms=terms(credits={"tiers": schedule})), "terms.credits.tiers[1].credit_percent"
    )
    assert (issue.level, issue.section) == (Level.ERROR, "credits")
    assert issue.message.startswith("Credit tier 2 in the corporate terms:")


def test_a_tier_above_the_target_points_at_its_threshold() -> None:
    schedule = tiers(("99.95", "10"))
    issue = only(
        make(terms=terms(credits={"tiers": schedule})), "terms.credits.tiers[0].uptime_percent"
    )
    assert "99.9 % target" in issue.message


def test_duplicate_and_unordered_thresholds_are_errors() -> None:
    schedule = tiers(("99", "10"), ("99", "20"), ("99.5", "30"))
    agreement = make(terms=terms(credits={"tiers": schedule}))
    assert at(agreement, "terms.credits.tiers[1].uptime_percent")
    assert at(agreement, "terms.credits.tiers[2].uptime_percent")


def test_a_credit_above_the_cap_is_an_error() -> None:
    agreement = make(terms=terms(credits={"cap_percent": "50"}))
    issue = only(agreement, "terms.credits.tiers[2].credit_percent")
    assert "50 % cap" in issue.message


def test_a_cap_above_the_whole_fee_is_an_error() -> None:
    agreement = make()
    credits = agreement.terms.credits.model_copy(update={"cap_percent": Decimal(150)})
    agreement.terms = agreement.terms.model_copy(update={"credits": credits})
    assert only(agreement, "terms.credits.cap_percent").level is Level.ERROR


def test_uncapped_credits_and_a_missing_claim_window_are_warnings() -> None:
    agreement = make(terms=terms(credits={"cap_percent": None, "claim_days": None}))
    assert only(agreement, "terms.credits.cap_percent").level is Level.WARNING
    assert only(agreement, "terms.credits.claim_days").level is Level.WARNING


def test_a_claim_window_under_fifteen_days_is_a_warning() -> None:
    issue = only(make(terms=terms(credits={"claim_days": 7})), "terms.credits.claim_days")
    assert "7 days" in issue.message


def test_no_credit_tiers_for_a_service_with_a_target_is_a_warning() -> None:
    issue = only(make(terms=terms(credits={"tiers": []})), "terms.credits.tiers")
    assert (issue.level, issue.section) == (Level.WARNING, "credits")
    assert not at(
        make(terms=terms(credits={"tiers": [], "claim_days": None})), "terms.credits.claim_days"
    )


def test_sole_remedy_with_a_tiny_cap_is_a_warning() -> None:
    schedule = tiers(("99.9", "5"))
    agreement = make(terms=terms(credits={"tiers": schedule, "cap_percent": "5"}))
    assert "only remedy" in only(agreement, "terms.credits.cap_percent").message


# Chronic failure


def test_more_failures_than_months_in_the_window_is_an_error() -> None:
    agreement = make(terms=terms(chronic_failure={"failures": 4, "window_months": 3}))
    issue = only(agreement, "terms.chronic_failure.failures")
    assert (issue.level, issue.section) == (Level.ERROR, "chronic-failure")


def test_no_chronic_failure_right_is_a_warning() -> None:
    agreement = make(terms=terms(chronic_failure={"enabled": False}))
    assert only(agreement, "terms.chronic_failure.enabled").level is Level.WARNING


# Support


def severities_with(index: int, **changes: Any) -> dict[str, Any]:
    rows = valid_data()["terms"]["support"]["severities"]
    rows[index].update(changes)
    return terms(support={"severities": rows})


def test_resolution_shorter_than_response_is_an_error_naming_the_severity() -> None:
    agreement = make(terms=severities_with(1, resolution_minutes=120))
    issue = only(agreement, "terms.support.severities[1].resolution_minutes")
    assert (issue.level, issue.section) == (Level.ERROR, "support")
    assert issue.message.startswith(
        "Severity 2 (High) in the corporate terms: the resolution target"
    )
    assert "(2 hours)" in issue.message and "(4 hours)" in issue.message


def test_severity_one_needs_an_update_interval() -> None:
    agreement = make(terms=severities_with(0, update_minutes=None))
    assert only(agreement, "terms.support.severities[0].update_minutes").level is Level.ERROR


def test_a_slow_severity_one_response_is_a_warning() -> None:
    agreement = make(terms=severities_with(0, response_minutes="2h"))
    issue = only(agreement, "terms.support.severities[0].response_minutes")
    assert issue.level is Level.WARNING and "2 hours" in issue.message


def test_severity_levels_must_be_unique() -> None:
    agreement = make(terms=severities_with(2, level=2))
    issue = only(agreement, "terms.support.severities[2].level")
    assert "High" in issue.message


def test_severity_levels_must_be_listed_in_order_without_gaps() -> None:
    agreement = make(terms=severities_with(2, level=4))
    assert only(agreement, "terms.support.severities[2].level").level is Level.ERROR


# On-site and scaling


def test_included_on_site_support_needs_an_arrival_time() -> None:
    agreement = make(terms=terms(on_site={"included": True}))
    issue = only(agreement, "terms.on_site.arrival_minutes")
    assert (issue.level, issue.section) == (Level.ERROR, "on-site")


def test_scaling_maximum_below_minimum_is_an_error() -> None:
    agreement = make(terms=terms(scaling={"included": True, "minimum": 20, "maximum": 10}))
    issue = only(agreement, "terms.scaling.maximum")
    assert (issue.level, issue.section) == (Level.ERROR, "scaling")


def test_a_scaling_maximum_the_steps_cannot_reach_is_a_warning() -> None:
    scaling = {"included": True, "minimum": 10, "increment": 4, "maximum": 20}
    issue = only(make(terms=terms(scaling=scaling)), "terms.scaling.maximum")
    assert issue.level is Level.WARNING and "18 or 22" in issue.message


# Fairness warnings


@pytest.mark.parametrize(
    ("changes", "path", "section"),
    [
        ({"exclusions": []}, "exclusions", "exclusions"),
        ({"customer_obligations": []}, "customer_obligations", "customer-obligations"),
        ({"communication": {"escalation": []}}, "communication.escalation", "escalation"),
        ({"reporting": {"audit_right": False}}, "reporting.audit_right", "reporting"),
        ({"reporting": {"measured_by": "customer"}}, "reporting.monitoring_tool", "measurement"),
    ],
)
def test_fairness_gaps_are_warnings(changes: dict[str, Any], path: str, section: str) -> None:
    issue = only(make(**changes), path)
    assert (issue.level, issue.section) == (Level.WARNING, section)


def test_the_missing_customer_caused_exclusion_explains_the_consequence() -> None:
    issue = only(make(exclusions=[]), "exclusions")
    assert "add the customer-caused exclusion" in issue.message


def test_a_service_measured_by_the_customer_needs_a_monitoring_tool() -> None:
    data = valid_data()
    data["services"][1]["overrides"] = {"availability": {"measured_by": "customer"}}
    assert at(Agreement.model_validate(data), "reporting.monitoring_tool")
    data["reporting"] = {"monitoring_tool": "ThousandEyes"}
    assert check(Agreement.model_validate(data)) == []


def test_clause_choices_must_name_their_clause() -> None:
    assert only(make(clauses={"": {"variant": "fallback"}}), "clauses").level is Level.ERROR


# Placement at the level that set the value, and deduplication


def test_an_inherited_corporate_problem_is_reported_once_at_terms() -> None:
    agreement = make(terms=severities_with(1, resolution_minutes=120))
    found = [issue for issue in check(agreement) if "resolution_minutes" in issue.path]
    assert [issue.path for issue in found] == ["terms.support.severities[1].resolution_minutes"]


def test_a_problem_set_by_a_service_override_points_at_the_override() -> None:
    data = valid_data()
    data["services"][1]["overrides"] = {"credits": {"tiers": tiers(("99.9", "25"), ("99", "10"))}}
    issue = only(
        Agreement.model_validate(data), "services[1].overrides.credits.tiers[1].credit_percent"
    )
    assert issue.message.startswith("Credit tier 2 on Internet:")
    assert [i for i in check(Agreement.model_validate(data)) if i.path.startswith("terms.")] == []


def test_a_problem_set_by_a_group_is_reported_once_for_the_group() -> None:
    data = multi_level()
    data["customer_groups"][0]["overrides"] = {"credits": {"cap_percent": "30"}}
    issues = [i for i in check(Agreement.model_validate(data)) if i.level is Level.ERROR]
    assert [i.path for i in issues] == ["customer_groups[0].overrides.credits.cap_percent"]
    assert issues[0].message.startswith("Credit tier 3 for the Retail group:")


def test_the_most_specific_field_decides_where_a_comparison_is_fixed() -> None:
    data = valid_data()
    data["services"][0]["overrides"] = {"credits": {"cap_percent": "30"}}
    issue = only(Agreement.model_validate(data), "services[0].overrides.credits.cap_percent")
    assert issue.message.startswith("Credit tier 3 on Voice:")


def test_an_invalid_override_value_is_an_error_at_the_override() -> None:
    data = valid_data()
    data["services"][1]["overrides"] = {"credits": {"cap_percent": "150"}}
    issue = only(Agreement.model_validate(data), "services[1].overrides.credits.cap_percent")
    assert (issue.level, issue.section) == (Level.ERROR, "credits")
    assert issue.message.startswith("Internet:")


def test_every_unknown_override_key_is_reported_with_the_known_keys() -> None:
    data = valid_data()
    data["services"][0]["overrides"] = {"credit": {}, "support": {"hours": "9-5"}}
    agreement = Agreement.model_validate(data)
    issue = only(agreement, "services[0].overrides.credit")
    assert "availability" in issue.message and "credits" in issue.message
    assert only(agreement, "services[0].overrides.support.hours").section == "support"


def test_one_bad_override_does_not_hide_other_services_problems() -> None:
    data = valid_data()
    data["services"][0]["overrides"] = {"credit": {}}
    data["services"][1]["overrides"] = {"chronic_failure": {"enabled": False}}
    agreement = Agreement.model_validate(data)
    assert at(agreement, "services[0].overrides.credit")
    assert at(agreement, "services[1].overrides.chronic_failure.enabled")


# Ordering and helpers


def test_errors_come_before_warnings_in_a_stable_order() -> None:
    agreement = make(exclusions=[], services=[], customer_obligations=[])
    levels = [issue.level for issue in check(agreement)]
    assert levels == sorted(levels, key=lambda level: level is not Level.ERROR)
    assert check(agreement) == check(agreement)
    assert [i.path for i in check(agreement) if i.level is Level.WARNING][:2] == [
        "exclusions",
        "customer_obligations",
    ]


def test_errors_returns_only_the_blocking_issues() -> None:
    agreement = make(services=[], exclusions=[])
    assert [issue.path for issue in errors(agreement)] == ["services"]


def test_format_issue_reads_level_path_and_message() -> None:
    issue = Issue(Level.ERROR, "services[0].name", "Name the service.", "scope")
    assert format_issue(issue) == "error: services[0].name: Name the service."


def test_a_service_target_below_inherited_tiers_points_at_the_target_override() -> None:
    data = valid_data()
    data["services"][0]["overrides"] = {"availability": {"target_percent": "99.5"}}
    issue = only(
        Agreement.model_validate(data), "services[0].overrides.availability.target_percent"
    )
    assert (issue.level, issue.section) == (Level.ERROR, "service-levels")
    assert issue.message.startswith("Credit tier 1 on Voice:")


def test_an_invalid_value_inside_an_overridden_list_is_reported_with_its_index() -> None:
    data = valid_data()
    data["services"][1]["overrides"] = {"credits": {"tiers": tiers(("99.9", "10"), ("99", "250"))}}
    issue = only(
        Agreement.model_validate(data), "services[1].overrides.credits.tiers[1].credit_percent"
    )
    assert issue.section == "credits"


def test_an_override_of_a_whole_section_must_be_a_mapping() -> None:
    data = valid_data()
    data["services"][0]["overrides"] = {"credits": 10}
    assert (
        "must be a mapping"
        in only(Agreement.model_validate(data), "services[0].overrides.credits").message
    )
