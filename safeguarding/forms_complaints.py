"""Forms for complaints, concerns and compliments (SG-3) and CQC notifications (SG-4). They collect input;
safeguarding/complaints.py judges it and refuses with a rule ID."""

from django import forms

from safeguarding.forms import PlacementChoice, _text, person_placements
from safeguarding.models import (
    ComplaintFrom,
    ComplaintKind,
    ComplaintOutcome,
    EscalatedTo,
    NotificationKind,
)
from sharedlives.forms import GovukDateField, GovukForm


class ComplaintForm(GovukForm):
    kind = forms.ChoiceField(
        label="Is it a complaint, a concern or a compliment?", choices=ComplaintKind.choices, widget=forms.RadioSelect
    )
    from_whom = forms.ChoiceField(label="Who is it from?", choices=ComplaintFrom.choices, widget=forms.RadioSelect)
    from_name = forms.CharField(
        label="Their name", max_length=200, required=False, help_text="Leave blank when it is anonymous."
    )
    about = forms.CharField(
        label="What it is about", widget=_text(5), error_messages={"required": "Say what it is about (SG-3)."}
    )
    received_on = GovukDateField(
        kind="past",
        label="Date received",
        help_text="The acknowledgement and response deadlines run from this day (SG-3).",
    )
    placement = PlacementChoice(
        label="Which placement is it about", queryset=None, required=False, empty_label="Not about one placement"
    )

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        if person is None:
            del self.fields["placement"]
        else:
            self.fields["placement"].queryset = person_placements(person)


class AcknowledgeForm(GovukForm):
    acknowledged_on = GovukDateField(kind="past", label="Date acknowledged")


class RespondForm(GovukForm):
    responded_on = GovukDateField(kind="past", label="Date the response was sent")
    response = forms.CharField(
        label="The response", widget=_text(5), error_messages={"required": "Say what the response was (SG-3)."}
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ComplaintOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome (SG-3)."},
    )
    learning = forms.CharField(
        label="Learning", widget=_text(3), required=False, help_text="What the scheme will do differently."
    )


class EscalateForm(GovukForm):
    escalated_to = forms.ChoiceField(
        label="Escalated to",
        choices=[(value, label) for value, label in EscalatedTo.choices if value != EscalatedTo.NONE],
        widget=forms.RadioSelect,
    )
    escalated_on = GovukDateField(kind="past", label="Date escalated")


class NotificationForm(GovukForm):
    kind = forms.ChoiceField(label="What is being notified", choices=NotificationKind.choices, widget=forms.RadioSelect)
    event_on = GovukDateField(
        kind="past",
        label="Date the event happened or became known",
        help_text="The notification is due the next working day (SG-4).",
    )
    what_was_sent = forms.CharField(label="What will be sent (draft)", widget=_text(4), required=False)


class SentForm(GovukForm):
    sent_on = GovukDateField(kind="past", label="Date sent to the CQC")
    what_was_sent = forms.CharField(
        label="What was sent", widget=_text(5), error_messages={"required": "Say what was sent to the CQC (SG-4)."}
    )
    cqc_reference = forms.CharField(label="CQC reference", max_length=60, required=False)
