"""Who may read a safeguarding record (SG-6): the one place every page, list and section asks.

- The management team (and a superuser) reads every record.
- A Shared Lives officer reads the records about their own households (the household's allocated officer) and any
  record they raised or recorded themselves.
- Everyone else (referrals officers, finance admins) sees only that a record exists: its kind, date and status, never
  its content (`exists_only`).

Views fetch through `record_for(user, model, pk)`: a record the user may not read is a 404, the same answer as a
record that does not exist (STYLE 4), so a URL reveals nothing.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from safeguarding.models import StatutoryNotification

# The household paths that make a record "about" a household, per model; a notification is about the household of
# the concern, incident or placement ending it reports.
_HOUSEHOLD_PATHS = {
    StatutoryNotification: ["concern__household", "incident__household", "ending__placement__household"]
}


# Held by the management team only (composition/site.py ROLE_PERMISSIONS); a superuser holds every permission.
MANAGEMENT_PERMISSION = "safeguarding.review_safeguardingconcern"


def _household_paths(model) -> list[str]:
    return _HOUSEHOLD_PATHS.get(model, ["household"])


def sees_all(user) -> bool:
    """The management team (and a superuser): the permission to review concerns, which only they hold. Read from the
    user's permissions, which the page has loaded already: no query."""
    return user.is_authenticated and user.has_perm(MANAGEMENT_PERMISSION)


def _may_read_own(user, model=None) -> bool:
    """An officer's permission to read the content of records of this kind (their own households', their own)."""
    name = model._meta.model_name if model is not None else "safeguardingconcern"
    return user.is_authenticated and user.has_perm(f"safeguarding.view_{name}")


def readable_by(user, queryset: QuerySet) -> QuerySet:
    """The records in `queryset` whose content `user` may read (SG-6)."""
    if sees_all(user):
        return queryset
    model = queryset.model
    if not _may_read_own(user, model):
        return queryset.none()
    mine = Q(**{model.AUTHOR_FIELD: user})
    for path in _household_paths(model):
        mine |= Q(**{f"{path}__allocated_officer": user})
    return queryset.filter(mine)


def may_read(user, record) -> bool:
    """May `user` read this record's content (SG-6)? No query beyond the user's role, given the record's household
    (select_related) in hand."""
    if not user.is_authenticated:
        return False
    if sees_all(user):
        return True
    if not _may_read_own(user, type(record)):
        return False
    if record.author_id == user.pk:
        return True
    for path in _household_paths(type(record)):
        household = record
        for step in path.split("__"):
            household = getattr(household, step, None) if household is not None else None
        if household is not None and household.allocated_officer_id == user.pk:
            return True
    return False


def exists_only(user) -> bool:
    """The user sees that records exist (count, date, kind) but not their content (SG-6)."""
    return user.is_authenticated and not sees_all(user) and not _may_read_own(user)


def record_for(user, queryset: QuerySet, pk) -> object:
    """The record `pk` if `user` may read it; else 404, as for a record that does not exist (SG-6)."""
    record = get_object_or_404(queryset, pk=pk)
    if not may_read(user, record):
        raise Http404("No such record.")
    return record
