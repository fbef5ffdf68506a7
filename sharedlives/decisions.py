"""The one page for every management decision (AUD-2): what was asked, then the decision once made, or the form.

A domain app's decision page is a `DecideView` that says which approval (`approval`), what it is about (`summary()`),
and, where the words differ, its choices (`choices`); the form, the refusal of the submitter, the reason that a
refusal or return needs, the banner and the way back to the Approvals inbox are the same everywhere.
"""

from django import forms
from django.urls import reverse

from sharedlives import approvals
from sharedlives.dates import long_date
from sharedlives.forms import GovukForm
from sharedlives.formviews import ServiceFormView
from sharedlives.history import user_name
from sharedlives.models import ApprovalOutcome, ApprovalRecord

AGREE_REFUSE_RETURN = [
    (ApprovalOutcome.AGREED, "Agree"),
    (ApprovalOutcome.REFUSED, "Refuse it"),
    (ApprovalOutcome.RETURNED, "Return it to the officer to change"),
]


class DecideForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Decision", widget=forms.RadioSelect, error_messages={"required": "Choose a decision (AUD-2)."}
    )
    decision_reason = forms.CharField(
        label="Reason",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you refuse, change or return it.",
    )

    def __init__(self, *args, choices=AGREE_REFUSE_RETURN, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = choices


class DecideView(ServiceFormView):
    """Subclasses set permission_required, title and `approval` (the record, fetched: 404 when absent)."""

    form_class = DecideForm
    template_name = "includes/decide.html"
    button = "Save decision"
    choices = AGREE_REFUSE_RETURN

    @property
    def approval(self) -> ApprovalRecord:
        raise NotImplementedError

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"choices": self.choices}

    def act(self, form):
        data = form.cleaned_data
        return approvals.decide(
            self.approval, by=self.request.user, outcome=data["outcome"], reason=data["decision_reason"]
        )

    def back_url(self):
        return reverse("approvals")

    def get_success_message(self):
        return f"{self.title}: {self.object.get_outcome_display().lower()}."

    def asked_for(self) -> tuple[str, str]:
        approval = self.approval
        return ("Asked for by", f"{user_name(approval.submitted_by)} on {long_date(approval.submitted_at)}")

    def decision(self) -> list[tuple]:
        approval = self.approval
        if approval.is_pending:
            return []
        return [
            ("Decision", approval.get_outcome_display()),
            ("Decided by", f"{user_name(approval.decided_by)} on {long_date(approval.decided_at)}"),
            ("Why", approval.decision_reason or "—"),
        ]

    def get_context_data(self, **kwargs):
        approval = self.approval
        own = approval.is_pending and approval.submitted_by_id == self.request.user.pk
        return super().get_context_data(approval=approval, decision=self.decision(), own=own, **kwargs)
