"""From next year's rate card to a placement's banded fee: a finance admin uplifts and publishes the card,
an officer bands a live-in placement at its review, a manager agrees it from Approvals, the placement's
Fees tab shows the band's lines and November's schedule pays it (FEE-7, FEE-1, BAN-1, BAN-3, FEE-3). axe-core
checks every page.
"""

import importlib
import re
from datetime import date

from django.apps import apps

from funding.example_card import publish_example_cards
from funding.models import BandingAssessment, BandingTool, CardStatus, RateCard
from sharedlives import roles
from tests.factories import UserFactory, make_persona
from tests.jobs import run_queued_jobs
from tests.placements.factories import started_placement


def _banding_tool() -> BandingTool:
    """The migration's starting tool; browser tests run after transactional tests, whose flush empties it."""
    if not BandingTool.objects.filter(active=True).exists():
        migration = importlib.import_module("funding.migrations.0002_default_banding_tool")
        migration.add_tool(apps, None)
    return BandingTool.objects.get(active=True)


def _sign_out(app):
    app.submit("Sign out")


def test_next_years_card_then_a_banding_agreed_and_paid__FEE_7(app):
    finance = make_persona("finance_admin")
    make_persona("officer")
    make_persona("manager")
    publisher = UserFactory(username="frank", role=roles.FINANCE_ADMIN)
    publish_example_cards(drafted_by=finance, published_by=publisher)
    tool = _banding_tool()
    placement = started_placement(starts_on=date(2026, 9, 7))  # live-in, new to Shared Lives, past its 28 days

    # The finance admin uplifts the published 2026/27 example card into the 2027/28 draft and publishes it.
    page = app.sign_in("fiona")
    assert page.get_by_role("heading", level=1).inner_text() == "Rate cards and payments"
    app.follow(page.get_by_role("link", name="Rate cards", exact=True))
    app.follow(page.get_by_role("link", name="2026/27 version 1"))
    assert "Published" in page.locator(".govuk-tag").first.inner_text()
    app.follow(page.get_by_role("link", name="Uplift into next year's draft"))
    page.get_by_label("Care and support (%)").fill("3")
    page.get_by_label("Board and lodging (%)").fill("2")
    page.get_by_label("Rent (%)").fill("0")
    page.get_by_label("Reason").fill("Cabinet decision, February 2027")
    app.submit("Create next year's draft")
    assert page.get_by_role("heading", level=1).inner_text() == "2027/28 version 1"
    assert "The 2027/28 v1 (example) draft is ready" in page.locator(".govuk-notification-banner--success").inner_text()
    band_1 = page.locator("tbody tr", has=page.get_by_role("rowheader", name="Band 1", exact=True))
    assert "£259.01" in band_1.inner_text()  # £251.47 + 3%, rounded half up (FEE-7)
    app.follow(page.get_by_role("link", name="Publish the card"))
    assert "Once published, the card is never changed" in page.locator("main").inner_text()
    app.submit("Publish card")
    assert "is published" in page.locator(".govuk-notification-banner--success").inner_text()
    assert RateCard.objects.get(year_start=date(2027, 4, 1)).status == CardStatus.PUBLISHED
    _sign_out(app)

    # The officer completes the banding at the 28-day review (BAN-1): the page adds up the scores as they go.
    page = app.sign_in("olivia")
    app.visit(f"/placements/{placement.pk}/banding/")
    app.follow(page.get_by_role("button", name="Complete a banding"))
    review = page.get_by_role("group", name="Date of the review")
    review.get_by_label("Day").fill("5")
    review.get_by_label("Month").fill("10")
    review.get_by_label("Year").fill("2026")
    for domain in tool.domains.all():
        page.locator(f"input[name='domain_{domain.pk}'][data-score='1']").check()
    suggestion = page.locator("#banding-suggestion")
    assert re.search(r"Total score: 8\. The tool suggests Band 2\.", suggestion.inner_text())
    page.get_by_role("radio", name="Band 2", exact=True).check()
    app.submit("Submit to the management team")
    assert "Band 2 proposed" in page.locator(".govuk-notification-banner--success").inner_text()
    assert "Waiting for a decision" in page.locator("main").inner_text()
    _sign_out(app)

    # A manager agrees it from Approvals (BAN-3, AUD-2: not the officer who submitted it).
    page = app.sign_in("maya")
    app.follow(page.get_by_role("link", name="Approvals", exact=True))
    app.follow(page.get_by_role("link", name=re.compile("Band 2 proposed for")))
    assert page.get_by_role("heading", level=1).inner_text() == "Decide the banding"
    page.get_by_role("radio", name="Agree the proposed band").check()
    app.submit("Save decision")
    assert page.get_by_role("heading", level=1).inner_text() == "Approvals"
    assert "Band 2 from 5 October 2026" in page.locator(".govuk-notification-banner--success").inner_text()
    assert BandingAssessment.objects.get(placement=placement).agreed_band == "band_2"

    # The Fees tab now prices November at Band 2, from the review date (FEE-3).
    app.visit(f"/placements/{placement.pk}/fees/")
    lines = page.locator("table", has_text="Lines from 1 November 2026 to 30 November 2026")
    text = lines.inner_text()
    assert "Band 2" in text and re.search(r"Band from the 28-day review on 0?5 Oct 2026\. Rule FEE-3", text)
    assert "Initial placement fee" not in text
    assert "£308.20" in text  # 2026/27 Band 2 care and support a week (example card)

    # The finance admin generates November's schedule: the household's statement pays Band 2 (FEE-3, FEE-8).
    _sign_out(app)
    page = app.sign_in("fiona")
    app.visit("/schedules/new/")
    for group, day in (("Period from", "1"), ("Period to", "30")):
        dates = page.get_by_role("group", name=group)
        dates.get_by_label("Day").fill(day)
        dates.get_by_label("Month").fill("11")
        dates.get_by_label("Year").fill("2026")
    app.submit("Generate schedule")
    assert "Pricing placements" in page.locator("main").inner_text()  # queued for the background worker
    assert run_queued_jobs() == 1  # the worker (another process in real life) fills it
    page.reload()
    assert "1 November 2026 to 30 November 2026" in page.get_by_role("heading", level=1).inner_text()
    assert "Care and support\t£1,320.86" in page.locator("main").inner_text()  # totals by element
    app.follow(page.get_by_role("link", name=re.compile(re.escape(placement.household.name))))
    statement = page.locator("main").inner_text()
    assert "£308.20 a week × 30 days ÷ 7 = £1,320.86" in statement  # Band 2, care and support
    assert "FEE-3" not in statement  # a carer's statement is in plain words, without rule IDs
