"""Writes for the business case's alternative settings (RPT-6): added and corrected with history, never deleted."""

from funding.cost_models import AlternativeSettingCost
from sharedlives.history import save_with_history


def save_alternative(*, alternative: AlternativeSettingCost | None = None, by, **values) -> AlternativeSettingCost:
    """Add an alternative setting's weekly cost, or change it (or mark it no longer used); history keeps who (AUD-1)."""
    alternative = alternative or AlternativeSettingCost()
    for name, value in values.items():
        setattr(alternative, name, value)
    reason = "business_case.alternative_changed" if alternative.pk else "business_case.alternative_added"
    return save_with_history(alternative, reason, by=by)
