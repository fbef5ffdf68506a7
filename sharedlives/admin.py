from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from sharedlives.models import SchemePolicy


@admin.register(SchemePolicy)
class SchemePolicyAdmin(SimpleHistoryAdmin):
    list_display = [
        "scheme_name",
        "initial_period_days",
        "notice_weeks_after_initial_period",
        "respite_nights_per_year",
    ]

    def has_add_permission(self, request):
        return not SchemePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False  # the scheme always has one policy


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin, SimpleHistoryAdmin):
    """Staff accounts with their history (AUD-1). Deactivate rather than delete: records name their users."""

    def has_delete_permission(self, request, obj=None):
        return False
