"""The names a clause body may read: the context compose() gives every clause.

Kept apart from the linter so that the library checks and `templates check` agree on one list.
"""

from __future__ import annotations

from jinja2 import meta, nodes

KNOWN_NAMES = frozenset(
    {
        "agreement",
        "document",
        "provider",
        "customer",
        "provider_name",
        "customer_name",
        "customer_named",
        "sla_type",
        "is_multi_level",
        "is_customer_based",
        "is_service_based",
        "term",
        "terms",
        "services",
        "shared",
        "customer_groups",
        "sites",
        "calendars",
        "default_calendar",
        "exclusions",
        "customer_obligations",
        "communication",
        "reporting",
        "changes",
        "extra_definitions",
        "table",
        "budget",
    }
)


def unknown_names(template: nodes.Template) -> set[str]:
    """Return names read but never provided; a name set in any branch counts as provided."""
    stored = {name.name for name in template.find_all(nodes.Name) if name.ctx in ("store", "param")}
    return set(meta.find_undeclared_variables(template)) - stored
