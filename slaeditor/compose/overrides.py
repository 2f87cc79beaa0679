"""Say in words what a customer group or service changes from the corporate terms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slaeditor.templating.environment import label

if TYPE_CHECKING:
    from slaeditor.templating.environment import Formatter

# path → (what the reader calls it, how the value prints)
_TERMS: dict[str, tuple[str, str]] = {
    "availability.target_percent": ("Availability target", "percent"),
    "availability.window": ("Measurement period", "label"),
    "availability.month_convention": ("Month convention", "label"),
    "availability.minimum_downtime_minutes": ("Minimum Downtime Period", "duration"),
    "availability.measured_by": ("Measured by", "label"),
    "availability.site_outages": ("Outage at some Sites", "label"),
    "maintenance.notice_days": ("Maintenance notice", "days"),
    "maintenance.max_minutes_per_month": ("Maintenance per month, at most", "duration"),
    "maintenance.window": ("Maintenance window", "text"),
    "maintenance.change_freezes": ("Change Freezes", "list"),
    "credits.tiers": ("Service Credit tiers", "tiers"),
    "credits.cap_percent": ("Service Credit cap", "percent"),
    "credits.claim_days": ("Claim Period", "days"),
    "credits.base": ("Service Credit base", "label"),
    "support.calendar": ("Support hours", "calendar"),
    "support.severities": ("Severity Levels", "severities"),
    "on_site.included": ("On-site support", "yesno"),
    "on_site.calendar": ("On-site coverage", "calendar"),
    "on_site.included_visits_per_year": ("Included on-site visits a year", "number"),
    "on_site.hourly_rate": ("On-site hourly rate", "money"),
    "on_site.qualifications": ("Engineer qualifications", "text"),
    "availability.measurement_point": ("Measurement Point", "text"),
    "availability.uptime_decimals": ("Uptime stated to", "decimal-places"),
    "credits.minimum_credit": ("Minimum Service Credit", "money"),
    "credits.sole_remedy": ("Service Credits the sole remedy", "yesno-plain"),
    "credits.form": ("Service Credits given as", "label"),
    "chronic_failure.enabled": ("Termination for Chronic Failure", "yesno"),
    "chronic_failure.failures": ("Chronic Failure: missed months", "number"),
    "chronic_failure.window_months": ("Chronic Failure: within months", "number"),
    "scaling.unit_price": ("Price per unit", "money"),
    "scaling.scale_down_window_days": ("Scale-down window", "days"),
    "on_site.arrival_minutes": ("On-site arrival", "duration"),
    "on_site.call_to_repair_minutes": ("Call-to-Repair Time", "duration"),
    "on_site.radius_km": ("On-site radius", "km"),
    "on_site.spare_parts": ("Spare parts", "label"),
    "scaling.included": ("Scaling", "yesno"),
    "scaling.unit": ("Scaling unit", "text"),
    "scaling.minimum": ("Minimum quantity", "number"),
    "scaling.maximum": ("Maximum quantity", "number"),
    "scaling.increment": ("Scaling increment", "number"),
    "scaling.scale_up_notice_days": ("Scale-up notice", "days"),
    "scaling.provisioning_business_days": ("Provisioning time", "business-days"),
    "scaling.scale_down_notice_days": ("Scale-down notice", "days"),
    "scaling.scale_down_rule": ("Scale-down allowed", "label"),
    "maintenance.emergency_notice_hours": ("Emergency Maintenance notice, where possible", "hours"),
    "credits.claim_anchor": ("Claim Period counted from", "label"),
    "credits.evidence": ("Evidence for a claim", "text"),
    "credits.response_credit_percent": ("Service Credit for a missed Response Time", "percent"),
    "credits.response_credit_severities": ("Response credits up to Severity Level", "number"),
    "chronic_failure.notice_days": ("Chronic Failure: termination notice", "days"),
    "support.channels": ("Support channels", "list"),
    "on_site.out_of_hours_multiplier": ("On-site rate outside Business Hours, times", "number"),
    "network.latency_ms": ("Latency, at most", "ms"),
    "network.jitter_ms": ("Jitter, at most", "ms"),
    "network.packet_loss_percent": ("Packet loss, at most", "percent"),
    "network.measured_between": ("Network performance measured between", "text"),
    "continuity.recovery_time_minutes": ("Recovery time objective", "duration"),
    "continuity.recovery_point_minutes": ("Recovery point objective", "duration"),
    "continuity.tests_per_year": ("Recovery tests a year", "number"),
}


def _value(kind: str, value: Any, fmt: Formatter, calendars: dict[str, str]) -> str:
    """Print an overridden value the way the contract prints it elsewhere."""
    if value is None:
        return "none"
    if kind == "calendar":
        return calendars.get(str(value), str(value))
    if kind == "money":
        return fmt.money(value)
    if kind == "yesno-plain":
        return "yes" if value else "no"
    if kind == "percent":
        return fmt.percent(value)
    if kind == "duration":
        return fmt.duration(int(value))
    if kind == "days":
        return fmt.count(value, "day")
    if kind == "hours":
        return fmt.count(value, "hour")
    if kind == "ms":
        return f"{fmt.number(value)} ms"
    if kind == "business-days":
        return fmt.count(value, "Business Day")
    if kind == "decimal-places":
        return fmt.count(value, "decimal place")
    if kind == "km":
        return f"{value} km"
    if kind == "yesno":
        return "included" if value else "not included"
    if kind == "number":
        return fmt.number(value)
    if kind == "label":
        return label(value)
    if kind == "list":
        return "; ".join(str(item) for item in value) or "none"
    if kind == "tiers":
        return "; ".join(
            f"{'at or below' if t.applies == 'at-or-below' else 'below'} "
            f"{fmt.percent(t.uptime_percent)}: {fmt.percent(t.credit_percent)}"
            for t in value
        )
    if kind == "severities":
        return "its own severity matrix"
    return str(value)


def describe_override(
    path: tuple[str, ...], value: Any, fmt: Formatter, calendars: dict[str, str]
) -> tuple[str, str]:
    """Return (term, value) in words for one overridden value; calendars maps id to name."""
    key = ".".join(path)
    name, kind = _TERMS.get(key, (key.replace("_", " ").replace(".", ": ").capitalize(), "text"))
    return name, _value(kind, value, fmt, calendars)
