"""Feature switch names: `FEATURE_EVENT_<EVENT_TYPE>` (default on), as the old service had them."""

from __future__ import annotations

FEATURE_PREFIX = "FEATURE_EVENT_"


def feature_switch_name(event_type: str, domain: str | None = None) -> str:
    """`incentives.iep-review.inserted` -> `FEATURE_EVENT_INCENTIVES_IEP_REVIEW_INSERTED`.

    With a domain, the domain-scoped switch the old service also honoured
    (`FEATURE_EVENT_VISITS_PRISON_VISIT_BOOKED`); an event runs only if both are on.
    """
    name = event_type if domain is None else f"{domain}.{event_type}"
    return FEATURE_PREFIX + "".join(c if c.isalnum() else "_" for c in name).upper()
