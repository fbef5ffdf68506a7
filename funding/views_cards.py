"""Rate card pages (FEE-1, FEE-5, FEE-7): the list, a card as admins know it, editing a draft, publishing,
the yearly uplift, corrections, and two cards side by side.
"""

from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from funding import fees, forms, ratecards
from funding.models import CardStatus, Element, RateCard, RateCode, Unit
from funding.views import CardMixin
from sharedlives.dates import long_date
from sharedlives.errors import RuleViolation
from sharedlives.formviews import ServiceFormView, add_validation_error
from sharedlives.money import format_money
from sharedlives.permissions import RoleRequiredMixin

STATUS_COLOURS = {
    CardStatus.DRAFT: "blue",
    CardStatus.PUBLISHED: "green",
    CardStatus.SUPERSEDED: "grey",
    CardStatus.DISCARDED: "grey",
}


class RateCardListView(RoleRequiredMixin, TemplateView):
    permission_required = "funding.view_ratecard"
    template_name = "funding/ratecard_list.html"

    def get_context_data(self, **kwargs):
        cards = RateCard.objects.select_related("created_by", "published_by").order_by("-year_start", "-version")
        return super().get_context_data(cards=cards, colours=STATUS_COLOURS, **kwargs)


class RateCardCreateView(ServiceFormView):
    permission_required = "funding.add_ratecard"
    creates = True
    form_class = forms.DraftCardForm
    title = "Create a rate card"
    intro = (
        "A draft card for a financial year. Add its rates, then publish it. To start from last year's card, "
        "open that card and uplift it instead (FEE-7)."
    )
    button = "Create draft"
    success_message = "The {obj.label} draft card is ready: add its rates."

    def act(self, form):
        data = form.cleaned_data
        return ratecards.create_draft(year_start=data["year_start"], source=data["source"], by=self.request.user)

    def back_url(self):
        return reverse("funding:ratecard_list")

    def get_success_url(self):
        return reverse("funding:ratecard_edit", args=[self.object.pk])


def cell_text(amount, unit_label: str) -> str:
    if amount is None:
        return ""
    if unit_label == Unit.PERCENT.label:
        return f"{amount.normalize():f}%"
    return format_money(amount)


class RateCardDetailView(CardMixin, RoleRequiredMixin, TemplateView):
    """The card as admins know it: a row per rate, a column per element (FEE-5), and its versions (FEE-1)."""

    permission_required = "funding.view_ratecard"
    template_name = "funding/ratecard_detail.html"

    def get_context_data(self, **kwargs):
        card = self.card
        rows = ratecards.card_table(card)
        for row in rows:
            row["texts"] = [cell_text(amount, row["unit"]) for amount in row["columns"]]
        return super().get_context_data(
            card=card,
            rows=rows,
            successors=list(card.superseded_by.all()),
            colour=STATUS_COLOURS.get(card.status, "grey"),
            **kwargs,
        )


class RateCardEditView(CardMixin, ServiceFormView):
    """A draft's rates: one box per rate and element; each changed box is saved through set_rate (FEE-1)."""

    permission_required = "funding.change_ratecard"
    form_class = forms.CardRatesForm
    template_name = "funding/ratecard_edit.html"
    title = "Edit the rates"
    button = "Save rates"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        if not self.card.editable:
            messages.error(
                request,
                f"The {self.card.label} card is {self.card.get_status_display().lower()}: it is never changed. "
                "Make a correction from a date instead (FEE-1).",
            )
            return redirect(self.back_url())
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"card": self.card}

    def form_valid(self, form):
        changes = form.changes()
        if form.errors:
            return self.form_invalid(form)
        with transaction.atomic():
            for name, code, element, unit, amount in changes:
                try:
                    ratecards.set_rate(
                        self.card, code=code, element=element, unit=unit, amount=amount, by=self.request.user
                    )
                except RuleViolation as error:
                    form.add_error(name if error.field == "amount" else None, str(error))
                except ValidationError as error:  # a constraint the save refused
                    add_validation_error(form, error)
            if form.errors:
                transaction.set_rollback(True)
        if form.errors:
            return self.form_invalid(form)
        count = len(changes)
        text = f"{count} rate{'s' if count != 1 else ''} saved" if count else "No rates changed"
        messages.success(self.request, f"{text} on the {self.card.label} card.")
        return redirect(self.back_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(card=self.card, elements=Element.choices, **kwargs)


class CardConfirmView(CardMixin, ServiceFormView):
    form_class = forms.ConfirmForm
    template_name = "funding/confirm.html"

    def allowed(self) -> str | None:
        """Why the action is not possible on this card now, or None."""
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(refusal=self.allowed(), **kwargs)

    def summary(self):
        card = self.card
        return [
            ("Card", card.label, reverse("funding:ratecard_detail", args=[card.pk])),
            ("Status", card.get_status_display()),
            ("Takes effect from", long_date(card.effective_from)),
        ]


class RateCardPublishView(CardConfirmView):
    permission_required = "funding.publish_ratecard"
    title = "Publish the rate card"
    intro = (
        "Once published, the card is never changed: a mistake is put right by a correction, a new version "
        "from a date, and the days before it keep this card (FEE-1)."
    )
    button = "Publish card"
    success_message = "The {obj.label} card is published."

    def allowed(self):
        if not self.card.editable:
            return f"The {self.card.label} card is {self.card.get_status_display().lower()} already (FEE-1)."
        return None

    def summary(self):
        return super().summary() + [("Rates", str(self.card.lines.count()))]

    def act(self, form):
        return ratecards.publish(self.card, by=self.request.user)


class RateCardDiscardView(CardConfirmView):
    permission_required = "funding.change_ratecard"
    title = "Discard the draft card"
    intro = (
        "A discarded draft is never published: it stays in the list, with its rates and history, and its year "
        "is free for a new draft (FEE-7)."
    )
    button = "Discard draft"
    success_message = "The {obj.label} draft is discarded."

    def allowed(self):
        if not self.card.editable:
            return f"The {self.card.label} card is {self.card.get_status_display().lower()}: only a draft is discarded."
        return None

    def act(self, form):
        return ratecards.discard(self.card, by=self.request.user)

    def get_success_url(self):
        return reverse("funding:ratecard_list")


class RateCardUpliftView(CardMixin, ServiceFormView):
    permission_required = "funding.add_ratecard"
    form_class = forms.UpliftForm
    title = "Uplift into next year's draft"
    button = "Create next year's draft"
    success_message = "The {obj.label} draft is ready: check its rates, then publish it."

    @property
    def intro(self):
        year = self.card.year_start.year + 1
        return (
            f"A draft for {year}/{str(year + 1)[-2:]} with every rate of this card raised by its element's "
            "percentage, each rounded to the penny, half up (FEE-7). Percentage rates are copied unchanged."
        )

    field_map = {fees.CARE: "care", fees.BOARD: "board", fees.RENT: "rent"}

    @cached_property
    def existing_draft(self):
        return ratecards.next_years_draft(self.card)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"existing_draft": self.existing_draft}

    def summary(self):
        draft = self.existing_draft
        if draft is None:
            return []
        return [
            (
                f"{draft.year_label} already has a draft",
                f"{draft.label}, made {long_date(draft.created_at.date())}: this uplift replaces it only if you "
                "tick the box below (it is kept as discarded).",
                reverse("funding:ratecard_detail", args=[draft.pk]),
            )
        ]

    def act(self, form):
        return ratecards.uplift(
            self.card,
            percent_by_element=form.percent_by_element(),
            reason=form.cleaned_data["reason"],
            replace_draft=form.cleaned_data.get("replace_draft", False),
            by=self.request.user,
        )

    def get_success_url(self):
        return reverse("funding:ratecard_detail", args=[self.object.pk])


class RateCardCorrectView(CardMixin, ServiceFormView):
    permission_required = "funding.add_ratecard"
    form_class = forms.CorrectForm
    title = "Correct the rate card"
    intro = (
        "A published card is never rewritten. The correction is a new draft version with this card's rates, "
        "taking effect from a date within the year; publish it once its rates are right (FEE-1)."
    )
    button = "Create the correction"
    success_message = "The {obj.label} correction is a draft: change its rates, then publish it."

    def act(self, form):
        data = form.cleaned_data
        return ratecards.correct(
            self.card, effective_from=data["effective_from"], reason=data["reason"], by=self.request.user
        )

    def get_success_url(self):
        return reverse("funding:ratecard_edit", args=[self.object.pk])


def _latest_per_year(cards: list[RateCard]) -> list[RateCard]:
    seen, latest = set(), []
    for card in cards:
        if card.year_start not in seen:
            seen.add(card.year_start)
            latest.append(card)
    return latest


def compare(old: RateCard, new: RateCard) -> list[dict]:
    """Each rate and element on either card: both amounts, the change in pounds and per cent."""
    old_lines = {(line.code, line.element): line for line in old.lines.all()}
    new_lines = {(line.code, line.element): line for line in new.lines.all()}
    codes = {code: index for index, code in enumerate(RateCode.values)}
    elements = {element: index for index, element in enumerate(Element.values)}
    rows = []
    for code, element in sorted(set(old_lines) | set(new_lines), key=lambda k: (codes.get(k[0], 99), elements[k[1]])):
        before, after = old_lines.get((code, element)), new_lines.get((code, element))
        unit = (after or before).unit
        row = {
            "label": RateCode(code).label if code in codes else code,
            "element": Element(element).label,
            "unit": Unit(unit).label,
            "percent": unit == fees.PERCENT,
            "before": before.amount if before else None,
            "after": after.amount if after else None,
            "change": None,
            "change_percent": None,
        }
        if before and after:
            row["change"] = after.amount - before.amount
            if before.amount:
                row["change_percent"] = (row["change"] * 100 / before.amount).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
        rows.append(row)
    return rows


class RateCardCompareView(RoleRequiredMixin, TemplateView):
    """Two cards side by side (by default the latest two years): what changed, in pounds and per cent."""

    permission_required = "funding.view_ratecard"
    template_name = "funding/ratecard_compare.html"

    def get_context_data(self, **kwargs):
        form = forms.CompareForm(self.request.GET or None)
        old = new = None
        if form.is_bound and form.is_valid():
            old, new = form.cleaned_data["from"], form.cleaned_data["to"]
        elif not form.is_bound:
            cards = RateCard.objects.exclude(status=CardStatus.DISCARDED).order_by("-year_start", "-version")
            latest = _latest_per_year(list(cards[:20]))
            if len(latest) >= 2:
                new, old = latest[0], latest[1]
                form = forms.CompareForm(initial={"from": old.pk, "to": new.pk})
        rows = compare(old, new) if old and new else []
        return super().get_context_data(form=form, old=old, new=new, rows=rows, **kwargs)
