"""What PostgreSQL does for every app: date ranges for exclusion constraints, a named lock for check-then-write
steps that no single row guards, and turning a constraint the database refused into words a person can act on.
"""

import zlib

from django.apps import apps
from django.contrib.postgres.fields import DateRangeField
from django.db import IntegrityError, connection, models
from django.db.models.expressions import RawSQL


class DateRange(models.Func):
    """`daterange(start, end, '[]')`: both days included. For exclusion constraints on periods."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, start, end, **extra):
        super().__init__(start, end, models.Value("[]"), **extra)


def advisory_lock(name: str) -> None:
    """Hold a transaction-scoped lock named `name` until the transaction ends.

    For a check across rows that no one row can guard ("no schedule overlaps this period"): two requests at
    once queue here, and the second sees what the first wrote. Call inside `transaction.atomic()`.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("advisory_lock() outside a transaction would be released at once")
    key = zlib.crc32(name.encode()) - 2**31  # a stable signed 32-bit key
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def constraint_name(error: IntegrityError) -> str:
    """The name of the constraint PostgreSQL refused, or "" (psycopg puts it in the error's diagnostics)."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def _constraint_messages() -> dict[str, tuple[str, list[str]]]:
    """Every model constraint by name: (the message it gives, the fields it is about)."""
    found = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            fields = list(getattr(constraint, "fields", ()) or ())
            message = constraint.violation_error_message
            if message == constraint.default_violation_error_message:
                message = ""
            found[constraint.name] = (message, fields)
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                # PostgreSQL names a unique column's constraint <table>_<column>_key.
                message = f"This {field.verbose_name} is already recorded for another {model._meta.verbose_name}."
                found[f"{model._meta.db_table}_{field.column}_key"] = (message, [field.name])
    return found


def integrity_message(error: IntegrityError) -> tuple[str, str | None]:
    """(message, field) for a constraint refusal that reached a form: never a 500, always plain words."""
    name = constraint_name(error)
    message, fields = _constraint_messages().get(name, ("", []))
    if not message:
        if "_uniq" in name or name.endswith("_key") or "unique" in name or "one_" in name:
            message = "This is already recorded: someone may have saved the same thing a moment ago. Check the record."
        else:
            message = (
                "This was not saved: it conflicts with something already recorded. Check the details and try again."
            )
    return message, (fields[0] if len(fields) == 1 else None)


def lock(instance):
    """The row again, locked until the transaction ends (`SELECT … FOR UPDATE`): check, then write, safely."""
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def id_list(ids) -> RawSQL:
    """A list of ids for `field__in=` as ONE text parameter: Django turns a plain list into one placeholder per
    id, and psycopg quotes an array parameter element by element; for the scheme's thousands of households either
    costs more than the query itself."""
    return RawSQL("SELECT unnest(string_to_array(%s, ',')::bigint[])", (",".join(str(int(pk)) for pk in ids),))
