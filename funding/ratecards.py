"""Rate card services (FEE-1, FEE-7): drafts, publishing, corrections, the yearly uplift."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from funding import fees
from funding.models import CardStatus, Element, RateCard, RateCode, RateLine
from sharedlives.dates import financial_year_start
from sharedlives.errors import RuleViolation
from sharedlives.history import save_with_history

PENNY = Decimal("0.01")


@transaction.atomic
def create_draft(*, year_start: date, by, is_example: bool = False, source: str = "") -> RateCard:
    if year_start != financial_year_start(year_start) or year_start.day != 1:
        raise RuleViolation("FEE-1", "A rate card's year starts on 1 April.", field="year_start")
    if RateCard.objects.filter(year_start=year_start).exclude(status=CardStatus.DISCARDED).exists():
        raise RuleViolation(
            "FEE-1", "That year already has a card: edit its draft, or correct the published card.", field="year_start"
        )
    return save_with_history(
        RateCard(
            year_start=year_start,
            version=1,
            effective_from=year_start,
            created_by=by,
            is_example=is_example,
            source=source,
        ),
        "ratecard.drafted",
        by=by,
    )


def _editable(card: RateCard) -> RateCard:
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if not card.editable:
        raise RuleViolation(
            "FEE-1", f"The {card.label} card is {card.get_status_display().lower()}: it is never rewritten."
        )
    return card


@transaction.atomic
def set_rate(card: RateCard, *, code: str, element: str, unit: str, amount: Decimal, by) -> RateLine:
    card = _editable(card)
    if isinstance(amount, float):
        raise RuleViolation("FEE-8", "Amounts are exact pounds and pence.", field="amount")
    amount = Decimal(amount)
    if amount < 0 or amount != amount.quantize(PENNY):
        raise RuleViolation("FEE-8", "Enter an amount in pounds and pence, not negative.", field="amount")
    line = RateLine.objects.filter(card=card, code=code, element=element).first() or RateLine(
        card=card, code=code, element=element
    )
    line.unit = unit
    line.amount = amount
    return save_with_history(line, "ratecard.rate_set", by=by)


@transaction.atomic
def publish(card: RateCard, *, by) -> RateCard:
    """Publish a draft. A correction (version 2+) supersedes the card in force before it, from its date."""
    card = _editable(card)
    if not card.lines.exists():
        raise RuleViolation("FEE-1", "Add the rates before publishing the card.")
    missing = [code for code in ("initial", "band_1") if not card.lines.filter(code=code).exists()]
    if missing:
        raise RuleViolation(
            "FEE-1", f"A card needs at least the initial fee and band 1 ({', '.join(missing)} missing)."
        )
    if card.supersedes_id:
        previous = RateCard.objects.select_for_update().get(pk=card.supersedes_id)
        if previous.status != CardStatus.PUBLISHED:
            raise RuleViolation("FEE-1", f"The card this corrects ({previous.label}) is no longer the one in force.")
        if card.effective_from <= previous.effective_from:
            raise RuleViolation(
                "FEE-1", "A correction takes effect after the card it corrects.", field="effective_from"
            )
        previous.status = CardStatus.SUPERSEDED
        save_with_history(previous, "ratecard.superseded", by=by)
    card.status = CardStatus.PUBLISHED
    card.published_by = by
    card.published_at = timezone.now()
    return save_with_history(card, "ratecard.published", by=by)


@transaction.atomic
def correct(card: RateCard, *, effective_from: date, reason: str, by) -> RateCard:
    """FEE-1: a published card in use is not rewritten; the correction is a new draft version from a date."""
    card = RateCard.objects.select_for_update().get(pk=card.pk)
    if card.status != CardStatus.PUBLISHED:
        raise RuleViolation("FEE-1", "Only the published card in force can be corrected.")
    if not reason.strip():
        raise RuleViolation("FEE-1", "Say why the card is corrected.", field="reason")
    if not card.effective_from < effective_from <= card.year_end:
        raise RuleViolation(
            "FEE-1",
            f"The correction takes effect after {card.effective_from:%-d %B %Y} and within the year.",
            field="effective_from",
        )
    if RateCard.objects.filter(supersedes=card, status=CardStatus.DRAFT).exists():
        raise RuleViolation("FEE-1", "A correction of this card is already in draft.")
    version = RateCard.objects.filter(year_start=card.year_start).order_by("-version").first().version + 1
    draft = save_with_history(
        RateCard(
            year_start=card.year_start,
            version=version,
            effective_from=effective_from,
            created_by=by,
            is_example=card.is_example,
            source=card.source,
            reason=reason.strip(),
            supersedes=card,
        ),
        "ratecard.correction_drafted",
        by=by,
    )
    _copy_lines(card, draft, {})
    return draft


def _copy_lines(source: RateCard, target: RateCard, percent_by_element: dict[str, Decimal]) -> None:
    for line in source.lines.all():
        amount = line.amount
        percent = percent_by_element.get(line.element, Decimal(0))
        if line.unit != fees.PERCENT and percent:
            amount = (amount * (Decimal(1) + percent / Decimal(100))).quantize(PENNY, rounding=ROUND_HALF_UP)
        save_with_history(
            RateLine(card=target, code=line.code, element=line.element, unit=line.unit, amount=amount),
            "ratecard.rate_set",
        )


@transaction.atomic
def discard(card: RateCard, *, by, reason: str = "") -> RateCard:
    """A draft set aside (FEE-7): never published, never deleted; its year is free for a new draft."""
    card = _editable(card)
    card.status = CardStatus.DISCARDED
    if reason.strip():
        card.reason = f"{card.reason}\n\nDiscarded: {reason.strip()}".strip()
    return save_with_history(card, "ratecard.discarded", by=by)


def next_years_draft(card: RateCard) -> RateCard | None:
    """The draft already made for the year after this card's (an earlier uplift), if any."""
    next_year = date(card.year_start.year + 1, 4, 1)
    return RateCard.objects.filter(year_start=next_year, status=CardStatus.DRAFT).select_related("created_by").first()


@transaction.atomic
def uplift(
    card: RateCard, *, percent_by_element: dict[str, Decimal | None], by, reason: str = "", replace_draft=False
) -> RateCard:
    """FEE-7: next year's draft from this card, each element uplifted by its percentage, rounded half up. A
    draft already made for that year is replaced (discarded, kept) only when `replace_draft` confirms it."""
    for element, percent in percent_by_element.items():
        if percent is None or percent == "":
            raise RuleViolation("FEE-7", "Enter each percentage, 0 for no change.", field=element)
        if isinstance(percent, float) or not Decimal(-50) <= Decimal(percent) <= Decimal(50):
            raise RuleViolation("FEE-7", "An uplift is a percentage between −50 and 50.")
    next_year = date(card.year_start.year + 1, 4, 1)
    existing = RateCard.objects.select_for_update().filter(year_start=next_year, status=CardStatus.DRAFT).first()
    if existing is not None:
        if not replace_draft:
            raise RuleViolation(
                "FEE-7",
                f"{existing.year_label} already has a draft: confirm that this uplift replaces it.",
                field="replace_draft",
            )
        discard(existing, by=by, reason="Replaced by a new uplift.")
    draft = create_draft(year_start=next_year, by=by, is_example=card.is_example, source=card.source)
    described = ", ".join(f"{element.replace('_', ' ')} {pct}%" for element, pct in percent_by_element.items())
    draft.reason = reason.strip() or f"Uplifted from {card.label}: {described}"
    save_with_history(draft, "ratecard.uplifted", by=by)
    _copy_lines(card, draft, {k: Decimal(v) for k, v in percent_by_element.items()})
    return draft


def engine_cards() -> fees.RateCards:
    """Every published and superseded card, as the fee engine reads them. Two queries."""
    versions = []
    cards = RateCard.objects.filter(status__in=[CardStatus.PUBLISHED, CardStatus.SUPERSEDED]).prefetch_related("lines")
    for card in cards:
        rates = {
            (line.code, line.element): fees.CardRate(
                line.code, line.element, line.unit, line.amount, line.get_code_display()
            )
            for line in card.lines.all()
        }
        versions.append(fees.CardVersion(card.year_start, card.effective_from, card.label, rates, card.pk))
    return fees.RateCards(versions)


def card_table(card: RateCard) -> list[dict]:
    """The card as admins know it: a row per rate, a column per element. One query."""

    by_code: dict[str, dict] = {}
    for line in card.lines.all():
        row = by_code.setdefault(
            line.code,
            {"code": line.code, "label": RateCode(line.code).label, "unit": line.get_unit_display(), "cells": {}},
        )
        row["cells"][line.element] = line.amount
    order = {code: index for index, code in enumerate(RateCode.values)}
    rows = sorted(by_code.values(), key=lambda row: order.get(row["code"], 99))
    for row in rows:
        row["columns"] = [row["cells"].get(element) for element in Element.values]
        row["total"] = (
            sum((amount for amount in row["cells"].values()), Decimal(0)) if row["unit"] != "per cent" else None
        )
    return rows
