"""The admin for referrals and placements: every model with its history (AUD-1). Nothing is ever deleted.

Day-to-day changes go through the referral and placement pages, whose services check the rules; the admin
is for superusers correcting records.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from placements.models import (
    AdminPaymentRequest,
    DaySession,
    ExtraIntroductionNights,
    FundingDecision,
    HousingBenefitClaim,
    Introduction,
    Match,
    Notice,
    Person,
    Placement,
    ProvisionRequest,
    Referral,
    Stay,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # records are kept: referrals close, matches are withdrawn, placements end


@admin.register(Person)
class PersonAdmin(NoDeleteAdmin):
    list_display = ["cdir_reference", "first_name", "last_name", "date_of_birth", "primary_support_need"]
    list_filter = ["primary_support_need"]
    search_fields = ["cdir_reference", "first_name", "last_name", "preferred_name"]


@admin.register(Referral)
class ReferralAdmin(NoDeleteAdmin):
    list_display = ["__str__", "kind", "emergency", "status", "received_on", "referrals_officer"]
    list_filter = ["status", "kind", "emergency"]
    search_fields = ["person__cdir_reference", "person__first_name", "person__last_name", "referrer_name"]
    list_select_related = ["person", "referrals_officer"]
    raw_id_fields = ["person", "referrals_officer", "emergency_discussed_with", "handed_over_to"]
    date_hierarchy = "received_on"


@admin.register(FundingDecision)
class FundingDecisionAdmin(NoDeleteAdmin):
    list_display = ["__str__", "referral", "outcome", "decided_on"]
    list_filter = ["outcome", "panel"]
    search_fields = ["referral__person__cdir_reference", "referral__person__last_name"]
    list_select_related = ["referral__person"]
    raw_id_fields = ["referral", "recorded_by"]


@admin.register(Match)
class MatchAdmin(NoDeleteAdmin):
    list_display = ["__str__", "status", "proposed_on", "person_agreed_on", "carer_agreed_on"]
    list_filter = ["status"]
    search_fields = ["referral__person__cdir_reference", "referral__person__last_name", "household__name"]
    list_select_related = ["referral__person", "household"]
    raw_id_fields = ["referral", "household", "proposed_by"]


@admin.register(Introduction)
class IntroductionAdmin(NoDeleteAdmin):
    list_display = ["__str__", "match", "kind", "on", "nights", "extra_nights"]
    list_filter = ["kind"]
    search_fields = ["match__referral__person__last_name", "match__household__name"]
    list_select_related = ["match__referral__person", "match__household", "extra_nights"]
    raw_id_fields = ["match", "extra_nights"]


@admin.register(ExtraIntroductionNights)
class ExtraIntroductionNightsAdmin(NoDeleteAdmin):
    list_display = ["__str__", "nights_requested", "outcome", "submitted_by", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["match__referral__person__last_name", "match__household__name"]
    list_select_related = ["match__referral__person", "match__household", "submitted_by", "decided_by"]
    raw_id_fields = ["match", "submitted_by", "decided_by"]


@admin.register(Placement)
class PlacementAdmin(NoDeleteAdmin):
    list_display = ["__str__", "kind", "emergency", "starts_on", "ends_on", "ending_reason"]
    list_filter = ["kind", "emergency", "ending_reason", "new_to_shared_lives"]
    search_fields = ["person__cdir_reference", "person__first_name", "person__last_name", "household__name"]
    list_select_related = ["person", "household"]
    raw_id_fields = ["person", "household", "referral", "match", "moved_from", "created_by"]
    date_hierarchy = "starts_on"


@admin.register(Stay)
class StayAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "nights", "trial", "cancelled"]
    list_filter = ["trial", "cancelled"]
    search_fields = ["placement__person__last_name", "placement__household__name"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement"]
    date_hierarchy = "starts_on"


@admin.register(DaySession)
class DaySessionAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "block", "people_supported_together", "cancelled"]
    list_filter = ["block", "cancelled"]
    search_fields = ["placement__person__last_name", "placement__household__name"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement"]
    date_hierarchy = "on"


@admin.register(ProvisionRequest)
class ProvisionRequestAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "kind", "cause", "raised_on", "submitted_on", "reference", "authorised_on"]
    list_filter = ["kind", "cause"]
    search_fields = ["placement__person__last_name", "placement__household__name", "reason"]
    list_select_related = ["placement__person", "placement__household", "submitted_by"]
    raw_id_fields = ["placement", "stay", "submitted_by", "authorised_by", "anomaly_discussed_with"]


@admin.register(Notice)
class NoticeAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "reason", "notice_ends_on", "moved_out_on", "belongings_removed_on"]
    list_filter = ["given_by", "reason"]
    search_fields = ["placement__person__last_name", "placement__household__name"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement", "recorded_by"]


@admin.register(AdminPaymentRequest)
class AdminPaymentRequestAdmin(NoDeleteAdmin):
    list_display = ["__str__", "notice", "outcome", "submitted_by", "decided_by", "decided_at"]
    list_filter = ["outcome"]
    search_fields = ["notice__placement__person__last_name", "notice__placement__household__name"]
    list_select_related = ["notice__placement__person", "notice__placement__household", "submitted_by", "decided_by"]
    raw_id_fields = ["notice", "submitted_by", "decided_by"]


@admin.register(HousingBenefitClaim)
class HousingBenefitClaimAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "award_confirmed_on", "award_starts_on", "weekly_amount", "refused_on"]
    search_fields = ["placement__person__last_name", "placement__household__name"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement", "provision_variation"]
    date_hierarchy = "applied_on"
