"""Do the exact arithmetic of service levels, with no GUI dependency.

Availability budgets, uptime, service credits and pro-rata pricing are the
numbers a contract is judged by, so they live here, computed with Decimal and
tested against published figures; the formatting helpers print them for the
reader's locale.
"""

from __future__ import annotations

from slaeditor.sla._numbers import to_cents
from slaeditor.sla.availability import (
    DowntimeBudget,
    MonthConvention,
    Window,
    allowed_downtime_seconds,
    downtime_budget,
    max_whole_downtime_minutes,
    meets_target,
    period_minutes,
    uptime_percent,
)
from slaeditor.sla.credits import (
    Tier,
    capped,
    credit_amount,
    credit_percent_for,
    downtime_minutes_for_uptime,
    tier_problems,
)
from slaeditor.sla.formatting import (
    format_date,
    format_duration,
    format_minutes,
    format_money,
    format_percent,
)
from slaeditor.sla.pricing import pro_rata_charge

__all__ = [
    "DowntimeBudget",
    "MonthConvention",
    "Tier",
    "Window",
    "allowed_downtime_seconds",
    "capped",
    "credit_amount",
    "credit_percent_for",
    "downtime_budget",
    "downtime_minutes_for_uptime",
    "format_date",
    "format_duration",
    "format_minutes",
    "format_money",
    "format_percent",
    "max_whole_downtime_minutes",
    "meets_target",
    "period_minutes",
    "pro_rata_charge",
    "tier_problems",
    "to_cents",
    "uptime_percent",
]
