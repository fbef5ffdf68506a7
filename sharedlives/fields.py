"""The date every model stores: bounded, so a typo can never be saved to take pages down afterwards.

`BoundedDateField(kind=PAST)` (or PLANNED, EXPIRY, BIRTH from sharedlives.dates) refuses anything outside 1900 to
2099 in the model's validation and in a database CHECK constraint, whatever writes the row; and gives forms a GOV.UK
date input that allows only the dates sensible for its kind today (a review held in the past, an expiry within ten
years...), with a message that says what is allowed.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from sharedlives.dates import DATE_KINDS, EARLIEST_STORED, LATEST_STORED, long_date
from sharedlives.forms import GovukDateField


class DateInRange(models.CheckConstraint):
    """The database's own refusal of a date outside 1900 to 2099.

    Model validation needs no query for it: the field's validators say the same thing in Python.
    """

    def validate(self, *args, **kwargs):
        return None


class BoundedDateField(models.DateField):
    default_validators = [
        MinValueValidator(EARLIEST_STORED, f"Enter a date on or after {long_date(EARLIEST_STORED)}."),
        MaxValueValidator(LATEST_STORED, f"Enter a date on or before {long_date(LATEST_STORED)}."),
    ]

    def __init__(self, *args, kind: str = "planned", **kwargs):
        if kind not in DATE_KINDS:
            raise ValueError(f"date kind must be one of {sorted(DATE_KINDS)}, not {kind!r}")
        self.kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.kind
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        """Give the model a CHECK constraint for this column (history tables copy only what the table took)."""
        super().contribute_to_class(cls, name, *args, **kwargs)
        # Models rendered from migrations ("__fake__") take their constraints from the migrations themselves.
        if cls._meta.abstract or cls.__module__ == "__fake__" or cls.__name__.startswith("Historical"):
            return
        constraint_name = f"{cls._meta.db_table}_{name}_in_range"[-63:]
        if any(constraint.name == constraint_name for constraint in cls._meta.constraints):
            return
        in_range = Q(**{f"{name}__range": (EARLIEST_STORED, LATEST_STORED)})
        condition = in_range | Q(**{f"{name}__isnull": True}) if self.null else in_range
        cls._meta.constraints.append(
            DateInRange(
                condition=condition,
                name=constraint_name,
                violation_error_message=f"Enter a date from {long_date(EARLIEST_STORED)} to {long_date(LATEST_STORED)}.",
            )
        )

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": GovukDateField, "kind": self.kind, **kwargs})
