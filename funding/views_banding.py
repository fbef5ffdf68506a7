"""Banding pages (BAN-1 … BAN-5, AUD-2): the tool at the review, the placement's banding history, the
management team's decision, and the band sent on to the area team and Brokerage.
"""

import json
from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from funding import banding, forms
from funding.models import BAND_CODES, BandingAssessment, BandingPurpose, RateCode
from funding.views import PlacementMixin
from placements.models import ArrangementKind
from sharedlives.dates import long_date, today
from sharedlives.decisions import DecideView
from sharedlives.errors import RuleViolation
from sharedlives.formviews import ServiceFormView
from sharedlives.history import user_name
from sharedlives.models import ApprovalOutcome
from sharedlives.permissions import RoleRequiredMixin

OUTCOME_COLOURS = {
    ApprovalOutcome.PENDING: "yellow",
    ApprovalOutcome.AGREED: "green",
    ApprovalOutcome.CHANGED: "turquoise",
    ApprovalOutcome.RETURNED: "orange",
    ApprovalOutcome.REFUSED: "red",
}


def band_label(code: str) -> str:
    return RateCode(code).label if code in RateCode.values else (code or "—")


def submitted_on(assessment: BandingAssessment):
    return timezone.localtime(assessment.submitted_at).date()


class SubmitBandingView(PlacementMixin, ServiceFormView):
    """The officer completes the tool at the review and proposes a band (BAN-1); the BAN-2 clock starts."""

    permission_required = "funding.submit_banding"
    creates = True
    form_class = forms.BandingForm
    template_name = "funding/banding_form.html"
    title = "Complete the banding"
    button = "Submit to the management team"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        try:
            self.tool = banding.active_tool()
        except RuleViolation as error:
            messages.error(request, str(error))
            return redirect(self.back_url())
        if self.placement.kind != ArrangementKind.LIVE_IN:
            messages.error(request, "Banding is for live-in placements (BAN-1).")
            return redirect(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def back_url(self):
        return reverse("funding:banding_history", args=[self.placement.pk])

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"tool": self.tool}

    def get_initial(self):
        purpose = banding.purpose_now(self.placement, today())
        return {"review_date": banding.review_date_to_offer(self.placement, purpose), "purpose": purpose}

    def form_valid(self, form):
        """A re-banding shows its money effect first; it is submitted once seen for this band and date."""
        data = form.cleaned_data
        if data["purpose"] not in banding.RE_BANDINGS:
            return super().form_valid(form)
        shown = f"{data['proposed_band']}@{data['review_date'].isoformat()}"
        if data.get("effect_seen") == shown:
            return super().form_valid(form)
        try:
            banding.check_rebanding_date(self.placement, data["purpose"], data["review_date"])
        except RuleViolation as error:
            form.add_rule_violation(error)
            return self.form_invalid(form)
        effect = banding.money_effect(
            self.placement, band=data["proposed_band"], starts_on=data["review_date"], on=today()
        )
        form.data = form.data.copy()
        form.data["effect_seen"] = shown
        return self.render_to_response(self.get_context_data(form=form, effect=effect))

    def act(self, form):
        data = form.cleaned_data
        return banding.submit_banding(
            placement=self.placement,
            review_date=data["review_date"],
            levels=form.levels(),
            proposed_band=data["proposed_band"],
            proposal_reason=data["proposal_reason"],
            purpose=data["purpose"],
            by=self.request.user,
        )

    def get_success_message(self):
        due = banding.decision_due(submitted_on(self.object))
        return (
            f"Banding submitted: {band_label(self.object.proposed_band)} proposed. "
            f"The management team decides by {long_date(due)} (BAN-3)."
        )

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        review = self.placement.initial_review_on
        if form.is_bound and getattr(form, "cleaned_data", {}).get("review_date"):
            review = form.cleaned_data["review_date"]
        thresholds = [
            {"band": t.band, "label": band_label(t.band), "minimum": t.minimum_score} for t in form.thresholds
        ]
        pending = self.placement.banding_assessments.filter(outcome=ApprovalOutcome.PENDING).first()
        return super().get_context_data(
            placement=self.placement,
            thresholds_json=json.dumps(thresholds),
            review_date=review,
            submit_by=banding.submission_due(review) if review else None,
            pending=pending,
            **kwargs,
        )


def assessment_rows(assessments, on) -> list[dict]:
    """Each banding with its due dates (BAN-2, BAN-3) and whether they were (or are being) missed."""
    rows = []
    for a in assessments:
        sent_on = submitted_on(a)
        submit_by = banding.submission_due(a.review_date)
        decide_by = banding.decision_due(sent_on)
        decided_on = timezone.localtime(a.decided_at).date() if a.decided_at else None
        rows.append(
            {
                "a": a,
                "submitted_on": sent_on,
                "submit_by": submit_by,
                "submitted_late": sent_on > submit_by,
                "decide_by": decide_by,
                "decided_on": decided_on,
                "decision_late": (decided_on or on) > decide_by,
                "colour": OUTCOME_COLOURS.get(a.outcome, "grey"),
                "suggested": band_label(a.suggested_band),
                "proposed": band_label(a.proposed_band),
                "decided": band_label(a.agreed_band) if a.agreed_band else "—",
                "submitted_by": user_name(a.submitted_by),
                "decided_by": user_name(a.decided_by),
            }
        )
    return rows


class BandingHistoryView(PlacementMixin, RoleRequiredMixin, TemplateView):
    """Every banding of the placement, its due dates, decisions and where the band was sent (BAN-1 … BAN-5)."""

    permission_required = "funding.view_bandingassessment"
    template_name = "funding/banding_history.html"

    def get_context_data(self, **kwargs):
        placement = self.placement
        on = today()
        assessments = list(
            placement.banding_assessments.select_related("submitted_by", "decided_by").order_by("-review_date", "-pk")
        )
        # emergency_reassessment_due reads the prefetched list: no query per assessment.
        placement._prefetched_objects_cache = {"banding_assessments": assessments}
        return super().get_context_data(
            placement=placement,
            rows=assessment_rows(assessments, on),
            reassess=banding.emergency_reassessment_due(placement, on),
            pending=any(a.is_pending for a in assessments),
            live_in=placement.kind == ArrangementKind.LIVE_IN,
            today=on,
            **kwargs,
        )


class AssessmentMixin:
    @cached_property
    def assessment(self) -> BandingAssessment:
        queryset = BandingAssessment.objects.select_related(
            "placement__person", "placement__household", "submitted_by", "decided_by", "tool"
        )
        return get_object_or_404(queryset, pk=self.kwargs["assessment_pk"])

    def caption(self):
        placement = self.assessment.placement
        return f"{placement.person.full_name} with {placement.household.name}"


class DecideBandingView(AssessmentMixin, DecideView):
    """The management team agrees, changes or returns a banding; never the person who submitted it (AUD-2)."""

    permission_required = "funding.decide_banding"
    form_class = forms.DecideBandingForm
    template_name = "funding/banding_decide.html"
    title = "Decide the banding"
    choices = forms.BANDING_DECISIONS

    @property
    def approval(self):
        return self.assessment

    def get_form_kwargs(self):
        with_thresholds = set(self.assessment.tool.thresholds.values_list("band", flat=True))
        bands = [code.value for index, code in enumerate(BAND_CODES) if index < 4 or code in with_thresholds]
        rebanding = self.assessment.purpose != BandingPurpose.INITIAL_REVIEW
        return super().get_form_kwargs() | {"bands": bands, "rebanding": rebanding}

    def get_initial(self):
        return {"effective_from": banding.effective_from(self.assessment)}

    def act(self, form):
        data = form.cleaned_data
        return banding.decide_banding(
            self.assessment,
            by=self.request.user,
            outcome=data["outcome"],
            band=data["band"],
            reason=data["decision_reason"],
            effective_from=data.get("effective_from"),
            effective_reason=data.get("effective_reason", ""),
        )

    def get_success_message(self):
        decided = self.object
        placement = self.assessment.placement
        text = f"Banding for {placement.person.full_name}: {decided.get_outcome_display().lower()}"
        if decided.agreed_band:
            text += f", {band_label(decided.agreed_band)} from {long_date(decided.effective_from)} (FEE-3)"
        return text + "."

    def summary(self):
        a = self.assessment
        placement = a.placement
        rows = [
            ("Placement", str(placement), reverse("funding:banding_history", args=[placement.pk])),
            ("Why", a.get_purpose_display()),
            ("Review held on", long_date(a.review_date)),
            ("Total score", str(a.total_score)),
            ("The tool suggests", band_label(a.suggested_band)),
            ("Proposed band", band_label(a.proposed_band)),
        ]
        if a.proposal_reason:
            rows.append(("Why this band", a.proposal_reason))
        if a.is_pending:
            effect = banding.money_effect(
                placement, band=a.proposed_band, starts_on=banding.effective_from(a), on=today()
            )
            rows.append(("If agreed", effect.text))
        rows += [
            ("Submitted by", f"{user_name(a.submitted_by)} on {long_date(submitted_on(a))}"),
            ("Decide by", f"{long_date(banding.decision_due(submitted_on(a)))} (BAN-3)"),
        ]
        return rows

    def decision(self):
        a = self.assessment
        if a.is_pending:
            return []
        return [
            ("Decision", a.get_outcome_display()),
            ("Band", band_label(a.agreed_band) if a.agreed_band else "—"),
            ("Decided by", f"{user_name(a.decided_by)} on {long_date(a.decided_at)}"),
            ("Why", a.decision_reason or "—"),
        ]

    def get_context_data(self, **kwargs):
        answers = self.assessment.answers.select_related("domain", "level").order_by("domain__order", "domain__pk")
        return super().get_context_data(assessment=self.assessment, answers=answers, **kwargs)


class BandSentView(AssessmentMixin, ServiceFormView):
    """BAN-4: the agreed band goes to the funding area team, then a provision variation to Brokerage."""

    permission_required = "funding.submit_banding"
    form_class = forms.BandSentForm
    title = "Record where the band was sent"
    intro = "The agreed band goes to the person's funding area team, then a provision variation to Brokerage (BAN-4)."
    button = "Save dates"
    success_message = "Dates saved for the banding of {obj.review_date:%d %B %Y}."

    def get_initial(self):
        a = self.assessment
        return {"sent_to_area_team_on": a.sent_to_area_team_on, "provision_variation_on": a.provision_variation_on}

    def act(self, form):
        data = form.cleaned_data
        return banding.record_band_sent(
            self.assessment,
            sent_to_area_team_on=data["sent_to_area_team_on"],
            provision_variation_on=data["provision_variation_on"],
            by=self.request.user,
        )

    def back_url(self):
        return reverse("funding:banding_history", args=[self.assessment.placement_id])

    def summary(self):
        a = self.assessment
        area_team = a.placement.person.funding_area_team or "Not recorded"
        return [
            ("Band", band_label(a.agreed_band) if a.agreed_band else f"Not agreed ({a.get_outcome_display().lower()})"),
            ("From", long_date(a.review_date)),
            ("Funding area team", area_team),
        ]
