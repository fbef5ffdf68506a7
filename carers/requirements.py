# PLACEHOLDER: replaced by the i13-core branch at merge
"""What a carer, household member, support carer or household must hold (SAFE-1): pure, no Django.

Placeholder with the contract's Gap only; the i13-core branch brings the requirement set and the gap function.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Gap:
    rule: str  # "SAFE-1" or the specific rule: "CAR-6" (DBS), "CAR-5" (insurance), "CAR-7", "CAR-8"
    item: str  # plain words: "Enhanced DBS check with the adults' barred list"
    who: str  # "Grace Okafor" (a carer / member / support carer) or "The household"
    lacking_from: date  # first day in the asked range on which it is missing or expired
    kind: str  # "missing" | "expired" | "expiring" (expiring only from the listing function, never from gate checks)
    record: str  # URL name of the page that clears it, e.g. "carers:record_dbs"
