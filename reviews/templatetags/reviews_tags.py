"""Links from an obligation (reviews.compliance.Obligation) to the form that clears it."""

from urllib.parse import urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from reviews.compliance import DUE_SOON, OVERDUE

register = template.Library()

# What the link says, by the URL name of the form that clears the obligation.
ACTION_LABELS = {
    "reviews:log_contact": "Log a contact",
    "reviews:record_review": "Record the review",
    "reviews:record_risk_assessment": "Record the risk assessment",
    "reviews:change_meeting": "Record the meeting",
    "reviews:change_discussion": "Record the discussion",
    "funding:banding_new": "Submit the banding",
    "funding:decide_banding": "Decide the banding",
    "placements:moving_day": "Complete the checklist",
    "placements:placement_detail": "Open the placement",
    "placements:record_provision_sent": "Record as sent",
    "carers:record_training": "Record training",
    "carers:record_dbs": "Record a DBS check",
    "carers:record_insurance": "Record insurance",
    "safeguarding:concern_review": "Review the concern",
    "safeguarding:concern_referral": "Record the referral",
    "safeguarding:incident_edit": "Record who was told",
    "safeguarding:incident_detail": "Open the incident",
    "safeguarding:complaint_acknowledge": "Record the acknowledgement",
    "safeguarding:complaint_respond": "Record the response",
    "safeguarding:notification_sent": "Record it sent",
}


def obligation_url(obligation, next_url: str = "") -> str:
    """The URL of the form that clears `obligation`, prefilled; "" when that page does not exist (yet)."""
    if not obligation.action:
        return ""
    try:
        url = reverse(obligation.action, kwargs=dict(obligation.action_kwargs))
    except NoReverseMatch:
        return ""
    query = [obligation.action_query] if obligation.action_query else []
    if next_url and obligation.action.startswith("reviews:"):
        query.append(urlencode({"next": next_url}))
    return f"{url}?{'&'.join(query)}" if query else url


@register.simple_tag(name="obligation_url")
def obligation_url_tag(obligation, next_url: str = "") -> str:
    return obligation_url(obligation, next_url)


@register.filter
def obligation_action_label(obligation) -> str:
    return ACTION_LABELS.get(obligation.action, "Open")


@register.filter
def obligation_tag(obligation) -> str:
    colour = {OVERDUE: "red", DUE_SOON: "yellow"}.get(obligation.status, "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, obligation.status_label)
