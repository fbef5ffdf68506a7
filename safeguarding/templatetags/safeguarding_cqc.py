"""{% cqc_prompt record %}: the "Notify the CQC" panel on a concern or incident page (SG-4). One query: the record's
notifications."""

from django import template
from django.urls import reverse

from safeguarding import complaints
from safeguarding.models import Incident, SafeguardingConcern

register = template.Library()


@register.inclusion_tag("safeguarding/_cqc_prompt.html", takes_context=True)
def cqc_prompt(context, record):
    user = context["request"].user
    if isinstance(record, SafeguardingConcern):
        prompt, source = complaints.concern_prompt(record), "concern"
    elif isinstance(record, Incident):
        prompt, source = complaints.incident_prompt(record), "incident"
    else:
        return {"show": False}
    notifications = list(record.notifications.filter(recorded_in_error=False).order_by("due_on", "pk"))
    notified = {n.kind for n in notifications}
    may_add = user.has_perm("safeguarding.add_statutorynotification") and not record.recorded_in_error
    return {
        "show": bool(prompt or notifications or may_add),
        "prompt": prompt if prompt and prompt.kind not in notified else None,
        "notifications": notifications,
        "may_add": may_add,
        "url": f"{reverse('safeguarding:record_notification')}?{source}={record.pk}",
    }
