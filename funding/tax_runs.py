"""Writes for carers' tax (TAX-1): finance keeps HMRC's figures per year, and produces every carer's statement
for a year as a background job (django.tasks, as funding/tasks.py fills payment schedules), with progress."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from funding import tax
from funding.models import QualifyingCareReliefYear, TaxStatementResult, TaxStatementRun
from funding.tax_models import RunStatus
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history

CHUNK = 500  # carers per step: two queries each, and one progress update


def save_relief_year(*, relief: QualifyingCareReliefYear | None = None, by, **values) -> QualifyingCareReliefYear:
    """Add a tax year's figures, or correct them; the history keeps who changed what (TAX-1, AUD-1)."""
    relief = relief or QualifyingCareReliefYear()
    for name, value in values.items():
        setattr(relief, name, value)
    reason = "tax.figures_corrected" if relief.pk else "tax.figures_added"
    return save_with_history(relief, reason, by=by)


def request_run(*, tax_year: int, by) -> TaxStatementRun:
    """Queue the job producing every carer's statement for the year (only once figures exist for it)."""
    if not QualifyingCareReliefYear.objects.filter(tax_year=tax_year).exists():
        raise RuleViolation("TAX-1", "Add HMRC's figures for this tax year first.", field="tax_year")
    with transaction.atomic():
        run = save_with_history(TaxStatementRun(tax_year=tax_year, requested_by=by), "tax.run_requested", by=by)
        result = produce_tax_statements.enqueue(run.pk)
        TaxStatementRun.objects.filter(pk=run.pk).update(job_id=str(result.id))  # bookkeeping: no history row
    return run


@task()
def produce_tax_statements(run_id: int) -> str:
    run = TaxStatementRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return f"skipped: the run is {run.status}"
    figures = tax.figures_for(run.tax_year)
    carer_ids = list(tax.carers_with_counts().order_by("household_id", "pk").values_list("pk", flat=True))
    TaxStatementRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, progress_total=len(carer_ids), progress_done=0
    )
    try:
        for start in range(0, len(carer_ids), CHUNK):
            _produce_chunk(run, figures, carer_ids[start : start + CHUNK])
            TaxStatementRun.objects.filter(pk=run.pk).update(progress_done=min(start + CHUNK, len(carer_ids)))
    except Exception as error:  # the run's page says it failed; the worker records the traceback
        TaxStatementRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, failure=str(error)[:500])
        raise
    TaxStatementRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, finished_at=timezone.now())
    return "done"


def _produce_chunk(run: TaxStatementRun, figures, carer_ids: list[int]) -> None:
    carers = list(tax.carers_with_counts().filter(pk__in=carer_ids).order_by("pk"))
    rows = [
        TaxStatementResult(
            run=run,
            carer=statement.carer,
            receipts=statement.receipts,
            qualifying_amount=statement.qualifying_amount,
            weeks_of_care=statement.weeks_of_care,
        )
        for statement in tax.statements(carers, figures)
    ]
    bulk_create_with_history(rows, TaxStatementResult, default_user=run.requested_by)
