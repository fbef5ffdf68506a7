"""The History section of any detail page (AUD-1): who changed what, when, from what to what.

One query per record (`select_related("history_user")`); neighbouring versions are paired in Python
with `diff_against`, so the cost does not grow with the number of fields or of changes shown.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator

PER_PAGE = 10


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def _shown(record, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    model_field = record.instance_type._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return f"#{value}"  # a reference, named by its id: resolving it would cost a query per change
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def history_entries(instance, *, page: int | str = 1, per_page: int = PER_PAGE):
    """A page of HistoryEntry for `instance`, newest first; `.object_list` holds the entries."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id"))
    entries = []
    for newer, older in zip(records, records[1:] + [None], strict=True):
        entry = HistoryEntry(
            when=newer.history_date,
            who=(newer.history_user.get_full_name() or newer.history_user.get_username())
            if newer.history_user
            else "System",
            action=_ACTIONS.get(newer.history_type, newer.history_type),
            reason=newer.history_change_reason or "",
        )
        if older is not None:
            delta = newer.diff_against(older)
            entry.changes = [
                FieldChange(
                    field=newer.instance_type._meta.get_field(change.field).verbose_name.capitalize(),
                    old=_shown(newer, change.field, change.old),
                    new=_shown(newer, change.field, change.new),
                )
                for change in delta.changes
            ]
        entries.append(entry)
    return Paginator(entries, per_page).get_page(page)
