"""The History section of any detail page (AUD-1): who changed what, when, from what to what.

One query per record (`select_related("history_user")`), plus one per kind of record a changed reference
points at (an officer re-allocated: their names); neighbouring versions are paired in Python with
`diff_against`, so the cost does not grow with the number of fields or of changes shown. A page may show its
related records' changes in the same section (a placement's notice and housing benefit claims): one more
query per kind of related record, however many there are, each entry naming its record.

Corrections (a mistyped date put right on the page) give a reason, kept with the change: `correction_reason()`
and `refuse_unchanged()` are the two checks every correcting service makes.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.utils import timezone

from sharedlives.dates import long_date
from sharedlives.errors import RuleViolation

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
    record: str = ""  # a related record's name ("Notice given 1 Jun 2026 by the person"); "" for the page's own


_ACTIONS = {"+": "created", "~": "edited", "-": "deleted"}

# Services name each change with a code ("household.updated", "notice.corrected: <the reason typed>"); History says it
# in words. The record ("household") and the verb ("updated") are read separately, with these words where the code's
# own would not do; any code not listed still reads as words ("referral.sent_to_panel" -> "Referral sent to panel").
_CODE = re.compile(r"^(?P<record>[a-z_]+)\.(?P<verb>[a-z_]+)(?::\s*(?P<reason>.*))?$", re.DOTALL)
_RECORDS = {
    "additional_funding": "Additional funding request",
    "admin_payment": "Administrative payment",
    "banding": "Banding",
    "change": "Change of needs",
    "day_session": "Day session",
    "dbs": "DBS check",
    "extra_respite": "Extra respite request",
    "hb": "Housing benefit claim",
    "override": "Fee override",
    "provision": "Provision request",
    "ratecard": "Rate card",
    "risk": "Risk assessment",
    "support_carer": "Support carer",
}
_VERBS = {"updated": "edited", "on_hold": "put on hold", "left": "left the scheme"}
_PHRASES = {
    "banding.sent_on": "Agreed band sent to the area team",
    "contact.concern": "Concern raised",
    "contact.concern_seen": "Concern seen by management",
    "contact.logged": "Contact recorded",
    "household.assessment_started": "Assessment started",
    "household.leaving_corrected": "Leaving date corrected",
    "household.reallocated": "Officer changed",
    "notice.belongings_removed": "Belongings collected",
    "notice.moved_out": "Move-out recorded",
    "placement.end_corrected": "End date corrected",
    "placement.initial_review": "28-day review recorded",
    "placement.moving_day": "Moving-day checklist recorded",
    "ratecard.rate_set": "Rate set",
    "review.action": "Review action added",
    "review.action_done": "Review action done",
}


def describe_change(reason: str, model_name: str, history_type: str) -> tuple[str, str]:
    """(what happened, the reason typed) in words: ("Household edited", ""), ("Leaving date corrected", "Typo")."""
    default = f"{model_name[:1].upper()}{model_name[1:]} {_ACTIONS.get(history_type, 'changed')}"
    found = _CODE.match(reason or "")
    if not found:
        return default, (reason or "").strip()
    code = f"{found['record']}.{found['verb']}"
    record = _RECORDS.get(found["record"], found["record"].replace("_", " ").capitalize())
    verb = _VERBS.get(found["verb"], found["verb"].replace("_", " "))
    return _PHRASES.get(code, f"{record} {verb}"), (found["reason"] or "").strip()


def _shown(record, name: str, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    model_field = record.instance_type._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def when(moment: datetime) -> str:
    """26 November 2026 14:05: a UK date and the time to the minute, in the scheme's time zone."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{long_date(local.date())} {local:%H:%M}"


def save_with_history(instance, reason: str, *, by=None):
    """Validate the row, then save it with the business action and the acting user in its history (AUD-1)."""
    instance._change_reason = reason
    if by is not None:
        instance._history_user = by
    validate(instance)
    instance.save()
    return instance


def validate(instance) -> None:
    """Model.full_clean, less one question: whether a related row the instance already holds exists. Nothing staff
    made is ever deleted (PROTECT), and the database's foreign key checks it again anyway; asking costs a query per
    relation on every save."""
    held = {
        field.name
        for field in instance._meta.concrete_fields
        if field.is_relation and field.is_cached(instance) and getattr(instance, field.name) is not None
    }
    errors: dict = {}
    for step in (lambda: instance.clean_fields(exclude=held), instance.clean):
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    invalid = {name for name in errors if name != NON_FIELD_ERRORS}
    for step in (instance.validate_unique, instance.validate_constraints):
        try:
            step(exclude=invalid)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def correction_reason(reason: str) -> str:
    """The reason a correction gives, which its history keeps (AUD-1): required."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("AUD-1", "Say why you are correcting it.", field="reason")
    return reason


def refuse_unchanged(instance, **values) -> None:
    """A correction that would change nothing is refused, so the history holds only real corrections (AUD-1)."""
    if all(getattr(instance, name) == value for name, value in values.items()):
        raise RuleViolation("AUD-1", "Nothing to correct: these are the values already recorded.")


def user_name(user) -> str:
    """A person's name as pages show it: their full name, or their username if they have none."""
    return (user.get_full_name() or user.get_username()) if user else ""


def name_from_parts(first: str | None, last: str | None, username: str | None) -> str:
    """user_name() for a row read with .values(): no User instance to build."""
    return f"{first or ''} {last or ''}".strip() or username or ""


def _display(obj) -> str:
    return user_name(obj) if hasattr(obj, "get_full_name") else str(obj)


def _related_names(pairs) -> dict:
    """Names of the records that changed references point at: one query per kind of record, not per change."""
    wanted: dict[type, set] = {}
    for newer, delta in pairs:
        if delta is None:
            continue
        for change in delta.changes:
            model_field = newer.instance_type._meta.get_field(change.field)
            if model_field.is_relation:
                wanted.setdefault(model_field.related_model, set()).update(
                    v for v in (change.old, change.new) if v is not None
                )
    return {
        (model, pk): _display(obj)
        for model, ids in wanted.items()
        for pk, obj in model._default_manager.in_bulk(ids).items()
    }


def _record_name(obj) -> str:
    name = str(obj)
    return name[:1].upper() + name[1:]


def _versions(instance, related) -> list[tuple[list, str]]:
    """Each record's versions, newest first, with its name ("" for the page's own record): one query per kind."""
    found = []
    if instance is not None:
        versions = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
        found.append((list(versions), ""))
    by_model: dict[type, dict] = defaultdict(dict)
    for obj in related:
        if obj is not None and obj.pk is not None:
            by_model[type(obj)][obj.pk] = obj
    for model, objects in by_model.items():
        key = model._meta.pk.attname
        versions = (
            model.history.filter(**{f"{key}__in": list(objects)})
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        per_object: dict = defaultdict(list)
        for version in versions:
            per_object[getattr(version, key)].append(version)
        found += [(per_object[pk], _record_name(obj)) for pk, obj in objects.items() if per_object[pk]]
    return found


def history_entries(instance=None, *, related=(), page: int | str = 1, per_page: int = PER_PAGE):
    """A page of HistoryEntry for `instance` and the `related` records shown with it, newest first;
    `.object_list` holds the entries. An entry about a related record names it in `record`."""
    pairs, names_of = [], []
    for records, name in _versions(instance, related):
        for newer, older in zip(records, records[1:] + [None], strict=True):
            pairs.append((newer, newer.diff_against(older) if older is not None else None))
            names_of.append(name)
    names = _related_names(pairs)
    entries = []
    for (newer, delta), record in zip(pairs, names_of, strict=True):
        entry = HistoryEntry(
            when=newer.history_date,
            who=(newer.history_user.get_full_name() or newer.history_user.get_username())
            if newer.history_user
            else "System",
            action="",
            reason="",
            record=record,
        )
        entry.action, entry.reason = describe_change(
            newer.history_change_reason, newer.instance_type._meta.verbose_name, newer.history_type
        )
        if delta is not None:
            entry.changes = [
                FieldChange(
                    field=newer.instance_type._meta.get_field(change.field).verbose_name.capitalize(),
                    old=_shown(newer, change.field, change.old, names),
                    new=_shown(newer, change.field, change.new, names),
                )
                for change in delta.changes
            ]
        entries.append(entry)
    entries.sort(key=lambda entry: entry.when, reverse=True)  # stable: one record's versions keep their order
    return Paginator(entries, per_page).get_page(page)
