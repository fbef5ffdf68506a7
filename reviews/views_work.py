"""The working pages: an officer's "My work", the management team's Scheme overview, and the contacts and
reviews of a household or a placement. Each costs a fixed number of queries, whatever the number of
households, placements, contacts or reviews (tests/reviews/test_views.py counts them).
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from carers.models import CarerHousehold
from carers.queries import overrides_in_force
from placements.models import Placement
from placements.queries import outstanding_housing_benefit
from reviews import forms, picture, queries, services
from reviews.compliance import DUE_SOON, OVERDUE
from reviews.models import ChangeOfNeeds, Contact, OverdueSnapshot
from reviews.views import safe_next
from sharedlives import approvals
from sharedlives.charts import BarChart, bar_chart
from sharedlives.dates import long_date, today
from sharedlives.errors import RuleViolation
from sharedlives.history import user_name
from sharedlives.permissions import RoleRequiredMixin

PER_PAGE = 20
CHART_WEEKS = 12
CONCERN_DAYS = 7

# My work -------------------------------------------------------------------------------------------------


class MyWorkView(RoleRequiredMixin, TemplateView):
    """The officer's home: what is overdue, what is due in the next 14 days, and their households."""

    permission_required = "reviews.add_contact"
    template_name = "reviews/my_work.html"

    def get_context_data(self, **kwargs):
        on = today()
        user = self.request.user
        work = picture.officer_work(user, on)
        households = queries.my_households(user, on)
        return super().get_context_data(
            work=work,
            decided=queries.decided_for(user, on),
            decided_days=queries.DECIDED_DAYS,
            overdue=sum(o.status == OVERDUE for o in work),
            due_soon=sum(o.status == DUE_SOON for o in work),
            households=households,
            quick_form=forms.QuickContactForm(households=households) if households else None,
            here=self.request.get_full_path(),
            today=on,
            **kwargs,
        )


my_work = MyWorkView.as_view()


# Scheme overview -----------------------------------------------------------------------------------------


def overdue_chart(on: date, *, weeks: int = CHART_WEEKS) -> BarChart:
    """A bar per week (the week ending `on`, and each of the weeks before): that week's latest snapshot."""
    snapshots = list(
        OverdueSnapshot.objects.filter(taken_on__gt=on - timedelta(days=7 * weeks), taken_on__lte=on).values_list(
            "taken_on", "overdue"
        )
    )
    values = []
    for back in range(weeks - 1, -1, -1):
        end = on - timedelta(days=7 * back)
        in_week = [(day, count) for day, count in snapshots if end - timedelta(days=7) < day <= end]
        values.append((end, max(in_week)[1] if in_week else None))
    known = [(end, value) for end, value in values if value is not None]
    if known:
        label = (
            f"Bar chart of overdue items each week over the last {weeks} weeks: "
            f"{known[0][1]} in the week ending {long_date(known[0][0])}, "
            f"{known[-1][1]} in the week ending {long_date(known[-1][0])}. The table below has every week."
        )
    else:
        label = f"Bar chart of overdue items each week over the last {weeks} weeks: no figures yet."
    return bar_chart(
        "Overdue items, week by week",
        [(f"{end.day} {end:%b}", long_date(end), [value]) for end, value in values],
        series=["Overdue"],
        label_heading="Week ending",
        description=label,
        highlight_last=True,
        folded=True,
    )


class OverviewView(RoleRequiredMixin, TemplateView):
    """The management team's home: what waits for their decision first, then overdue across the scheme (each
    figure linking to the items behind it), the 12-week trend, concerns and housing benefit (RPT-4, AUD-2)."""

    permission_required = "sharedlives.view_scheme_overview"
    template_name = "reviews/overview.html"
    waiting_shown = 10

    def get_context_data(self, **kwargs):
        on = today()
        user = self.request.user
        counts = picture.overdue_counts(on)
        by_officer = counts.by_officer
        names = {u.pk: user_name(u) for u in get_user_model().objects.filter(pk__in=[pk for pk in by_officer if pk])}
        officers = sorted(
            (
                (names.get(pk, "Not allocated") if pk else "Not allocated", count, pk or "none")
                for pk, count in by_officer.items()
            ),
            key=lambda row: (-row[1], row[0]),
        )
        rules = [(rule, ", ".join(counts.kinds_by_rule[rule]), count) for rule, count in counts.by_rule.items()]
        waiting = approvals.pending_approvals(user)  # due first
        return super().get_context_data(
            total_overdue=counts.total,
            officers=officers,
            rules=rules,
            waiting=waiting[: self.waiting_shown],
            pending_count=len(waiting),
            concerns=list(queries.concerns_since(on - timedelta(days=CONCERN_DAYS))),
            housing_benefit=outstanding_housing_benefit(on),
            overrides=list(overrides_in_force(on)),  # SAFE-2: checks overridden, until they lapse
            chart=overdue_chart(on),
            here=self.request.get_full_path(),
            today=on,
            **kwargs,
        )


class OverdueListView(RoleRequiredMixin, TemplateView):
    """Everything overdue across the scheme, for one officer or one rule: the items behind the overview's figures."""

    permission_required = "sharedlives.view_scheme_overview"
    template_name = "reviews/overdue_list.html"

    def get_context_data(self, **kwargs):
        on = today()
        officer, rule = self.request.GET.get("officer", "")[:9], self.request.GET.get("rule", "")[:20]
        overdue = picture.overdue(on, officer=officer, rule=rule)
        officer_name = ""
        if officer.isdigit():  # at most nine digits: a user id, never beyond the database's integers
            officer_name = user_name(get_user_model().objects.filter(pk=int(officer)).first())
        elif officer == "none":
            officer_name = "Not allocated"
        return super().get_context_data(
            items=Paginator(overdue, 50).get_page(self.request.GET.get("page")),
            officer_name=officer_name,
            rule=rule,
            here=self.request.get_full_path(),
            **kwargs,
        )


overview = OverviewView.as_view()


class MarkConcernSeenView(RoleRequiredMixin, View):
    """POST only: the management team has seen a concern raised in a contact (PLA-4)."""

    permission_required = "sharedlives.view_scheme_overview"
    http_method_names = ["post"]

    def post(self, request, contact_pk):
        contact = get_object_or_404(Contact.objects.select_related("household"), pk=contact_pk)
        try:
            services.mark_concern_seen(contact, by=request.user)
        except RuleViolation as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Concern from {contact.household.name} marked as seen")
        return redirect(safe_next(request) or reverse("reviews:overview"))


# Contacts and reviews of a household or a placement -----------------------------------------------------


def _page(queryset, request, param: str):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


def _page_of_records(queryset, request, param: str):
    """A page of contacts, each knowing whether this user may edit it or mark it as recorded in error (AUD-1)."""
    page = _page(queryset, request, param)
    services.mark_what_user_may_do(page.object_list, request.user)
    return page


class HouseholdActivityView(RoleRequiredMixin, TemplateView):
    """A household's contacts and reviews (newest first, 20 a page) and its people's changes of needs."""

    permission_required = "reviews.view_contact"
    template_name = "reviews/activity.html"

    def get_context_data(self, **kwargs):
        household = get_object_or_404(CarerHousehold, pk=self.kwargs["household_pk"])
        on = today()
        return super().get_context_data(
            household=household,
            placement=None,
            placements=list(forms.current_placements(household, on)),
            contacts=_page_of_records(
                household.contacts.select_related("placement__person", "recorded_by").order_by("-occurred_at", "-pk"),
                self.request,
                "page",
            ),
            reviews=_page(
                household.reviews.select_related("placement__person").order_by("-held_on", "-pk"),
                self.request,
                "reviews_page",
            ),
            changes=list(
                ChangeOfNeeds.objects.filter(placement__household=household)
                .select_related("placement__person")
                .order_by("-raised_on", "-pk")
            ),
            risk_assessments=None,
            here=self.request.get_full_path(),
            today=on,
            **kwargs,
        )


class PlacementActivityView(RoleRequiredMixin, TemplateView):
    """One placement's contacts, reviews, risk assessments and changes of needs."""

    permission_required = "reviews.view_contact"
    template_name = "reviews/activity.html"

    def get_context_data(self, **kwargs):
        placement = get_object_or_404(
            Placement.objects.select_related("person", "household"), pk=self.kwargs["placement_pk"]
        )
        return super().get_context_data(
            household=placement.household,
            placement=placement,
            placements=[],
            contacts=_page_of_records(
                placement.contacts.select_related("placement__person", "recorded_by").order_by("-occurred_at", "-pk"),
                self.request,
                "page",
            ),
            reviews=_page(
                placement.reviews.select_related("placement__person").order_by("-held_on", "-pk"),
                self.request,
                "reviews_page",
            ),
            changes=list(placement.changes_of_needs.select_related("placement__person").order_by("-raised_on", "-pk")),
            risk_assessments=list(placement.risk_assessments.order_by("-done_on", "-pk")),
            here=self.request.get_full_path(),
            today=today(),
            **kwargs,
        )
