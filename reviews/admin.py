"""The admin for contacts and reviews: every model with its history (AUD-1). Nothing is ever deleted.

Day-to-day records go through the reviews pages, whose services check the rules; the admin is for
superusers correcting records.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reviews.models import (
    AdditionalFundingRequest,
    ChangeOfNeeds,
    Contact,
    DigestSent,
    OverdueSnapshot,
    Review,
    ReviewAction,
    RiskAssessment,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # case notes, reviews and decisions are kept


@admin.register(Contact)
class ContactAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "placement", "method", "concern_raised", "recorded_by"]
    list_filter = ["method", "with_whom", "concern_raised"]
    list_select_related = ["household", "placement__person", "placement__household", "recorded_by"]
    search_fields = ["household__name", "household__reference", "summary"]
    raw_id_fields = ["household", "placement", "recorded_by", "concern_seen_by"]
    date_hierarchy = "occurred_at"


class ReviewActionInline(admin.TabularInline):
    model = ReviewAction
    extra = 0
    can_delete = False


@admin.register(Review)
class ReviewAdmin(NoDeleteAdmin):
    list_display = ["__str__", "household", "placement", "in_person", "recorded_by"]
    list_filter = ["kind", "in_person"]
    list_select_related = ["household", "placement__person", "placement__household", "recorded_by"]
    search_fields = ["household__name", "household__reference"]
    raw_id_fields = ["household", "placement", "recorded_by", "discussed_with"]
    date_hierarchy = "held_on"
    inlines = [ReviewActionInline]


@admin.register(ReviewAction)
class ReviewActionAdmin(NoDeleteAdmin):
    list_display = ["description", "owner", "due_on", "done_on", "review"]
    list_select_related = ["review"]
    raw_id_fields = ["review"]


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "next_review_on", "recorded_by"]
    list_select_related = ["placement__person", "placement__household", "recorded_by"]
    raw_id_fields = ["placement", "recorded_by"]


@admin.register(ChangeOfNeeds)
class ChangeOfNeedsAdmin(NoDeleteAdmin):
    list_display = ["__str__", "placement", "meeting_held_on", "management_discussed_on", "closed_on"]
    list_select_related = ["placement__person", "placement__household"]
    raw_id_fields = ["placement", "recorded_by", "discussed_with"]


@admin.register(AdditionalFundingRequest)
class AdditionalFundingRequestAdmin(NoDeleteAdmin):
    list_display = ["__str__", "outcome", "submitted_by", "submitted_at", "decided_by"]
    list_filter = ["outcome"]
    list_select_related = ["change__placement__person", "change__placement__household", "submitted_by", "decided_by"]
    raw_id_fields = ["change", "submitted_by", "decided_by"]


@admin.register(DigestSent)
class DigestSentAdmin(NoDeleteAdmin):
    list_display = ["__str__", "officer", "items", "sent_at"]
    list_select_related = ["officer"]
    raw_id_fields = ["officer"]


@admin.register(OverdueSnapshot)
class OverdueSnapshotAdmin(NoDeleteAdmin):
    list_display = ["taken_on", "overdue"]
    date_hierarchy = "taken_on"
