"""The admin for safeguarding records: every model with its history (AUD-1). Nothing is ever deleted.

Day-to-day records go through the safeguarding pages, whose services check the rules (SG-1 … SG-6); the admin is for
superusers correcting records.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from safeguarding.models import Complaint, Incident, IncidentAction, SafeguardingConcern, StatutoryNotification


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False  # safeguarding records are kept; mark them recorded in error instead


@admin.register(SafeguardingConcern)
class SafeguardingConcernAdmin(NoDeleteAdmin):
    list_display = ["__str__", "person", "household", "status", "raised_by"]
    list_filter = ["status", "category", "allegation_against_household"]


class IncidentActionInline(admin.TabularInline):
    model = IncidentAction
    extra = 0
    can_delete = False


@admin.register(Incident)
class IncidentAdmin(NoDeleteAdmin):
    list_display = ["__str__", "person", "household", "status", "hospital_admission", "recorded_by"]
    list_filter = ["status", "hospital_admission", "taken_ill"]
    inlines = [IncidentActionInline]


@admin.register(Complaint)
class ComplaintAdmin(NoDeleteAdmin):
    list_display = ["__str__", "from_whom", "status", "acknowledged_on", "responded_on", "outcome"]
    list_filter = ["kind", "status", "outcome", "escalated_to"]


@admin.register(StatutoryNotification)
class StatutoryNotificationAdmin(NoDeleteAdmin):
    list_display = ["__str__", "kind", "due_on", "sent_on", "sent_by"]
    list_filter = ["kind", "status"]
