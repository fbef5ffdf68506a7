"""The admin for funding: every model with its history (AUD-1). Nothing is ever deleted.

Rate cards are drafted, published, corrected and uplifted on the rate card pages, whose services keep the
rules (FEE-1: a published card's rates refuse any save). The banding tool's domains, levels and thresholds
are set here (BAN-1). Payment schedules and their lines are made by the schedule service and only read here.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from funding.models import (
    BandingAnswer,
    BandingAssessment,
    BandingDomain,
    BandingLevel,
    BandingTool,
    BandThreshold,
    CarerInvoice,
    FeeOverride,
    PaymentLine,
    PaymentSchedule,
    RateCard,
    RateLine,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # money records are kept: cards are superseded, schedules set aside, never deleted


class ReadOnlyAdmin(NoDeleteAdmin):
    """Made by a service; read (with history) here, never added or changed by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NoDeleteInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


class RateLineInline(NoDeleteInline):
    model = RateLine
    fields = ["code", "element", "unit", "amount"]

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.editable

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.editable


@admin.register(RateCard)
class RateCardAdmin(NoDeleteAdmin):
    list_display = ["__str__", "year_start", "version", "effective_from", "status", "is_example", "published_at"]
    list_filter = ["status", "is_example"]
    list_select_related = ["created_by", "published_by"]
    raw_id_fields = ["supersedes", "created_by", "published_by"]
    readonly_fields = ["status", "published_by", "published_at", "created_at"]
    inlines = [RateLineInline]


@admin.register(RateLine)
class RateLineAdmin(NoDeleteAdmin):
    """Rates are added on the rate card pages (or the draft card's inline); a published card's never change."""

    list_display = ["card", "code", "element", "unit", "amount"]
    list_filter = ["code", "element", "card__status"]
    list_select_related = ["card"]
    raw_id_fields = ["card"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.card.editable


class BandingDomainInline(NoDeleteInline):
    model = BandingDomain
    fields = ["name", "order"]
    show_change_link = True


class BandThresholdInline(NoDeleteInline):
    model = BandThreshold
    fields = ["band", "minimum_score"]


@admin.register(BandingTool)
class BandingToolAdmin(NoDeleteAdmin):
    list_display = ["name", "version", "active"]
    list_filter = ["active"]
    inlines = [BandingDomainInline, BandThresholdInline]


class BandingLevelInline(NoDeleteInline):
    model = BandingLevel
    fields = ["score", "descriptor"]


@admin.register(BandingDomain)
class BandingDomainAdmin(NoDeleteAdmin):
    list_display = ["name", "tool", "order"]
    list_filter = ["tool"]
    list_select_related = ["tool"]
    inlines = [BandingLevelInline]


@admin.register(BandingLevel)
class BandingLevelAdmin(NoDeleteAdmin):
    list_display = ["descriptor", "domain", "score"]
    list_filter = ["domain__tool", "domain"]
    list_select_related = ["domain"]


@admin.register(BandThreshold)
class BandThresholdAdmin(NoDeleteAdmin):
    list_display = ["tool", "band", "minimum_score"]
    list_filter = ["tool"]
    list_select_related = ["tool"]


class BandingAnswerInline(NoDeleteInline):
    model = BandingAnswer
    fields = ["domain", "level"]
    readonly_fields = ["domain", "level"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BandingAssessment)
class BandingAssessmentAdmin(NoDeleteAdmin):
    list_display = [
        "__str__",
        "review_date",
        "total_score",
        "suggested_band",
        "proposed_band",
        "outcome",
        "decided_band",
    ]
    list_filter = ["outcome", "purpose", "proposed_band"]
    search_fields = ["placement__person__cdir_reference", "placement__person__last_name"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement", "tool", "submitted_by", "decided_by"]
    date_hierarchy = "review_date"
    inlines = [BandingAnswerInline]


@admin.register(BandingAnswer)
class BandingAnswerAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "domain", "level"]
    list_select_related = ["assessment__placement__person", "assessment__placement__household", "domain", "level"]


@admin.register(FeeOverride)
class FeeOverrideAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "element", "starts_on", "ends_on", "pay", "decided_by", "decided_on"]
    list_filter = ["element", "pay"]
    list_select_related = ["placement__person", "placement__household", "decided_by"]
    raw_id_fields = ["placement", "decided_by"]


@admin.register(PaymentSchedule)
class PaymentScheduleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "total", "generated_by", "generated_at", "approved_by", "approved_at"]
    list_filter = ["status"]
    list_select_related = ["generated_by", "approved_by"]
    date_hierarchy = "period_start"


@admin.register(PaymentLine)
class PaymentLineAdmin(ReadOnlyAdmin):
    list_display = ["schedule", "household", "placement", "element", "start", "end", "amount", "kind", "rules"]
    list_filter = ["kind", "element", "paid_on_invoice"]
    search_fields = ["household__reference", "household__name", "explanation"]
    list_select_related = ["schedule", "household", "placement__person", "placement__household"]
    raw_id_fields = ["schedule", "placement", "household", "adjusts"]
    show_full_result_count = False


@admin.register(CarerInvoice)
class CarerInvoiceAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "placement", "period_start", "period_end", "amount", "expected_amount"]
    list_select_related = ["household", "placement__person", "placement__household"]
    raw_id_fields = ["household", "placement", "recorded_by"]
    date_hierarchy = "received_on"
