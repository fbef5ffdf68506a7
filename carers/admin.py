"""The admin for carer households: every model with its history (AUD-1). Nothing is ever deleted.

Day-to-day changes go through the household pages, whose services check the rules; the admin is for
superusers correcting records.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from carers.models import (
    Carer,
    CarerAgreement,
    CarerBreak,
    CarerHousehold,
    ChecksOverride,
    DbsCheck,
    ExtraRespiteRequest,
    HouseholdMember,
    InsurancePolicy,
    Requirement,
    SupportCarer,
    TrainingCourse,
    TrainingRecord,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # records are kept: households leave, breaks are cancelled, renewals are new records


@admin.register(CarerHousehold)
class CarerHouseholdAdmin(NoDeleteAdmin):
    list_display = ["reference", "name", "postcode", "area", "status", "allocated_officer", "approved_on"]
    list_filter = ["status", "area", "offers_live_in", "offers_short_breaks", "offers_day_support"]
    search_fields = ["reference", "name", "postcode"]
    list_select_related = ["allocated_officer"]
    raw_id_fields = ["allocated_officer"]


@admin.register(Carer)
class CarerAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "role", "date_of_birth"]
    list_filter = ["role"]
    search_fields = ["first_name", "last_name", "household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(SupportCarer)
class SupportCarerAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "scheme_agreement_on"]
    search_fields = ["first_name", "last_name", "household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "date_of_birth"]
    search_fields = ["first_name", "last_name", "household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(TrainingCourse)
class TrainingCourseAdmin(NoDeleteAdmin):
    list_display = ["name", "mandatory", "renewal_months", "active"]
    list_filter = ["mandatory", "active"]
    search_fields = ["name"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(NoDeleteAdmin):
    list_display = ["course", "carer", "completed_on", "expires_on"]
    list_filter = ["course"]
    search_fields = ["carer__first_name", "carer__last_name", "course__name"]
    list_select_related = ["course", "carer"]
    raw_id_fields = ["carer"]
    date_hierarchy = "completed_on"


@admin.register(DbsCheck)
class DbsCheckAdmin(NoDeleteAdmin):
    list_display = ["certificate_number", "person_name", "issued_on", "renewal_due_on", "on_update_service"]
    list_filter = ["on_update_service"]
    search_fields = ["certificate_number", "carer__last_name", "support_carer__last_name", "member__last_name"]
    list_select_related = ["carer", "support_carer", "member"]
    raw_id_fields = ["carer", "support_carer", "member"]


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "policy_number", "starts_on", "expires_on", "evidence_seen_on"]
    list_filter = ["kind"]
    search_fields = ["insurer", "policy_number", "household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(CarerAgreement)
class CarerAgreementAdmin(NoDeleteAdmin):
    list_display = ["version", "household", "signed_on"]
    search_fields = ["version", "household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household"]


@admin.register(CarerBreak)
class CarerBreakAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "nights", "cover", "cancelled"]
    list_filter = ["cover", "cancelled"]
    search_fields = ["household__name", "household__reference"]
    list_select_related = ["household"]
    raw_id_fields = ["household", "cover_household", "cover_support_carer"]
    date_hierarchy = "starts_on"


@admin.register(ExtraRespiteRequest)
class ExtraRespiteRequestAdmin(NoDeleteAdmin):
    list_display = ["__str__", "nights_over_allocation", "outcome", "submitted_by", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["carer_break__household__name", "carer_break__household__reference"]
    list_select_related = ["carer_break__household", "submitted_by", "decided_by"]
    raw_id_fields = ["carer_break", "submitted_by", "decided_by"]


@admin.register(Requirement)
class RequirementAdmin(NoDeleteAdmin):
    """SAFE-1: the scheme's requirement set, as data; switch one off with "active" rather than deleting it."""

    list_display = [
        "label",
        "who",
        "what",
        "course",
        "insurance_kind",
        "renewal_months",
        "arrangement_kind",
        "rule",
        "active",
    ]
    list_filter = ["who", "what", "arrangement_kind", "active"]
    list_select_related = ["course"]


@admin.register(ChecksOverride)
class ChecksOverrideAdmin(NoDeleteAdmin):
    """Read and correct only: asking and deciding go through the household page and the Approvals inbox (AUD-2)."""

    list_display = ["__str__", "starts_on", "ends_on", "outcome", "submitted_by", "decided_by"]
    list_filter = ["outcome"]
    search_fields = ["household__name", "household__reference"]
    list_select_related = ["household", "submitted_by", "decided_by"]
    raw_id_fields = ["household", "submitted_by", "decided_by"]
