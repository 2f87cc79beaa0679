"""What a signed SLA means each period: credits from measurements, and SLOs for monitoring.

Qt-free, below the application and the command line, beside compose: it reads the agreement's
resolved terms (slaeditor.model) and does its arithmetic with slaeditor.sla.

- `measurements`: a CSV of incidents or of uptimes per period, checked line by line;
- `periods`, `zones`: Measurement Periods in the service's unit, on the agreement's clock;
- `intervals`, `downtime`: incidents to Excluded Minutes and Downtime, each minute once;
- `rounding`: the stated uptime, never rounded up into compliance (the agreement's rule, or
  the default one);
- `compute`: the statement per service and the total; `history`: chronic failures from
  earlier statements; `result`: the statement as data, written as JSON or CSV;
- `support`, `calendars`, `support_performance`: support tickets measured in business time
  of their Severity Level's calendar, against the severity matrix;
- `openslo`: the availability targets as OpenSLO v1 documents (schema in schemas/).
"""

from __future__ import annotations

from slaeditor.statement.compute import StatementError, build_statement
from slaeditor.statement.history import read_history
from slaeditor.statement.measurements import Measurements, read_measurements
from slaeditor.statement.openslo import openslo_documents, openslo_yaml
from slaeditor.statement.periods import Period, PeriodError, parse_period
from slaeditor.statement.result import ServiceStatement, Statement
from slaeditor.statement.rounding import DEFAULT_ROUNDING, UptimeRounding, rounding_for
from slaeditor.statement.support import SupportMeasurements, read_support
from slaeditor.statement.support_performance import SupportStatement

__all__ = [
    "DEFAULT_ROUNDING",
    "Measurements",
    "Period",
    "PeriodError",
    "ServiceStatement",
    "Statement",
    "StatementError",
    "SupportMeasurements",
    "SupportStatement",
    "UptimeRounding",
    "build_statement",
    "openslo_documents",
    "openslo_yaml",
    "parse_period",
    "read_history",
    "read_measurements",
    "read_support",
    "rounding_for",
]
