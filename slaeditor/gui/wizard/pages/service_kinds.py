"""The kinds of service, as the Services page offers them.

The contract defines what "unavailable" means for each kind (voice: calls cannot be made;
wide area network: a Site cannot reach the others; …), so the choice is worded the way a sales
person names the service, with "Other" keeping the general definition.
"""

from __future__ import annotations

SERVICE_KINDS = (
    ("other", "Other (general definition)"),
    ("voice", "Voice (calls)"),
    ("internet-access", "Internet access"),
    ("wide-area-network", "Wide area network (SD-WAN, MPLS)"),
    ("api", "API or web service"),
    ("hosted-platform", "Hosted platform or database"),
    ("service-desk", "Service desk"),
    ("managed-devices", "Managed devices (laptops, tills, printers)"),
    ("backup", "Backup and recovery"),
)
"""The kinds of service the contract defines unavailability for, as a sales person names them."""
