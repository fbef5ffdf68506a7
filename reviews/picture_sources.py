"""Which households a saved record touches, so their compliance picture (reviews/picture.py) is not trusted again
until it is recomputed.

One receiver for every save in the domain apps: a record's households are found through its foreign keys (a
household directly, or through a placement, carer, incident… one query a step). A change to the scheme's policy,
courses or requirements touches every household. The note is written in the same transaction as the change, and
the worker is asked, once the transaction commits, to recompute what changed.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from reviews.models import PictureChange

DOMAIN_APPS = {"sharedlives", "carers", "placements", "funding", "safeguarding", "reviews"}
HOUSEHOLD = "carers.carerhousehold"
# Records that can change any household's obligations.
SCHEME_WIDE = {"sharedlives.schemepolicy", "carers.trainingcourse", "carers.requirement"}
# Records no obligation reads: saving them leaves every picture as it is.
IGNORED = {
    "sharedlives.submittedform",
    "funding.ratecard",
    "funding.rateline",
    "funding.bandingtool",
    "funding.bandingdomain",
    "funding.bandinglevel",
    "funding.bandthreshold",
    "funding.bandinganswer",
    "funding.feeoverride",
    "funding.paymentschedule",
    "funding.paymentline",
    "funding.carerinvoice",
    "reviews.digestsent",
    "reviews.overduesnapshot",
    "reviews.picturechange",
    "reviews.householdpicture",
    "reviews.pictureitem",
}
ALL = "all"
_DEPTH = 3  # a follow-up action -> its incident -> its household


def _watched(model) -> bool:
    label = model._meta.label_lower
    return (
        model._meta.apps is apps  # not a migration's stand-in model: its tables may not exist yet
        and model._meta.app_label in DOMAIN_APPS
        and label not in IGNORED
        and not model.__name__.startswith("Historical")
    )


def _person_households(person_id: int) -> set[int]:
    from placements.models import Placement
    from safeguarding.models import Complaint, Incident, SafeguardingConcern

    found = set(Placement.objects.filter(person_id=person_id).values_list("household_id", flat=True))
    for model in (SafeguardingConcern, Incident, Complaint):
        found |= set(
            model.objects.filter(person_id=person_id, household__isnull=False).values_list("household_id", flat=True)
        )
    return found


def _referral_households(referral_id: int) -> set[int]:
    from placements.models import Placement

    return set(Placement.objects.filter(referral_id=referral_id).values_list("household_id", flat=True))


def households_touched(instance, depth: int = _DEPTH) -> set[int] | str:
    """The households whose obligations a change to `instance` can alter, or ALL."""
    label = instance._meta.label_lower
    if label in SCHEME_WIDE:
        return ALL
    if label == HOUSEHOLD:
        return {instance.pk}
    if label == "placements.person":  # names appear in obligations
        return _person_households(instance.pk)
    if label == "placements.referral":  # the risk review date (REV-7) of its placements
        return _referral_households(instance.pk)
    relations = [f for f in instance._meta.concrete_fields if f.is_relation and f.related_model is not None]
    direct = {getattr(instance, f.attname) for f in relations if f.related_model._meta.label_lower == HOUSEHOLD}
    direct.discard(None)
    if direct or depth == 0:
        return direct
    found: set[int] = set()
    for field in relations:
        value = getattr(instance, field.attname)
        related = field.related_model
        if value is None or not _watched(related) or related._meta.label_lower == "placements.person":
            continue
        target = related._base_manager.filter(pk=value).first()
        touched = households_touched(target, depth - 1) if target is not None else set()
        if touched == ALL:
            return ALL
        found |= touched
    return found


def note_changed(households: set[int] | str) -> None:
    """Record that these households' pictures are stale, in the current transaction, and ask the worker to
    recompute them once it commits."""
    if households == ALL:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {PictureChange._meta.db_table} (household_id) SELECT id FROM carers_carerhousehold"
            )
    elif households:
        PictureChange.objects.bulk_create([PictureChange(household_id=pk) for pk in sorted(households)])
    else:
        return
    if settings.COMPLIANCE_PICTURE_REFRESH and not any(
        callback is _queue_refresh for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(_queue_refresh, robust=True)  # a failed queueing is logged: the change stands


def _queue_refresh() -> None:
    """Ask the worker to recompute, unless a refresh is already waiting to start (it will see this change too)."""
    from reviews.tasks import refresh_compliance_picture

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=refresh_compliance_picture.module_path
    )
    if not waiting.exists():
        refresh_compliance_picture.enqueue()


def _before_save(sender, instance, raw=False, **kwargs):
    """A record moving from one household to another touches the one it leaves too."""
    if raw or instance._state.adding or instance.pk is None or not _watched(sender):
        return
    fields = [
        f.attname
        for f in sender._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label_lower == HOUSEHOLD
    ]
    if not fields:
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first() or ()
    moved = {
        old for old, field in zip(before, fields, strict=True) if old is not None and old != getattr(instance, field)
    }
    if moved:
        note_changed(moved)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw or not _watched(sender):
        return
    note_changed(households_touched(instance))


def connect() -> None:
    """Called once from ReviewsConfig.ready()."""
    pre_save.connect(_before_save, dispatch_uid="reviews.picture.before_save")
    post_save.connect(_after_save, dispatch_uid="reviews.picture.after_save")
    post_delete.connect(_after_save, dispatch_uid="reviews.picture.after_delete")
