"""A create form sent twice makes one record: a double click, back and resubmit, or two sends at the same moment.

Every create form carries a one-time token (sharedlives/formviews.py); the second send lands on the first record.
A constraint someone else's save meets a moment earlier is a form error in plain words, never a 500.
"""

import re
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from carers.models import CarerHousehold
from placements.models import Person
from reviews.models import Contact
from sharedlives.dates import today
from sharedlives.db import integrity_message
from sharedlives.models import SubmittedForm
from tests.carers.factories import approved_household
from tests.concurrency import run_together
from tests.pages import when
from tests.placements.factories import PersonFactory


def _token(page: str) -> str:
    return re.search(r'name="submission_token" value="([0-9a-f]{32})"', page).group(1)


def _contact_form(client, household):
    url = reverse("reviews:log_contact", args=[household.pk])
    token = _token(client.get(url).content.decode())
    data = {"method": "phone", "summary": "Spoke to Ann about the weekend", "submission_token": token}
    return url, data | when("occurred_on", today())


def test_the_same_contact_sent_twice_is_stored_once__REV_2(client, officer):
    household = approved_household(officer=officer)
    client.force_login(officer)
    url, data = _contact_form(client, household)
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)  # back and resubmit, or a second click
    assert Contact.objects.count() == 1
    assert again.redirect_chain[-1][0] == first.url
    assert "already sent, so nothing was saved twice" in " ".join(str(m) for m in again.context["messages"])
    # A fresh form is a fresh contact.
    url, data = _contact_form(client, household)
    assert client.post(url, data).status_code == 302 and Contact.objects.count() == 2


def test_a_refused_send_frees_its_token(client, officer):
    """A form that failed a rule saved nothing: corrected and sent again with the same token, it saves."""
    household = approved_household(officer=officer)
    client.force_login(officer)
    url, data = _contact_form(client, household)
    assert client.post(url, data | {"summary": ""}).status_code == 200
    assert not SubmittedForm.objects.exists()
    assert client.post(url, data).status_code == 302 and Contact.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_the_same_moment_makes_one_household(officer):
    """Two sends of one form (a double click) arrive together on two connections: one household, no error."""
    client = Client()
    client.force_login(officer)
    url = reverse("carers:household_create")
    token = _token(client.get(url).content.decode())
    data = {
        "name": "The Okafor family",
        "address_line_1": "1 High Street",
        "town": "Alton",
        "postcode": "GU34 1AA",
        "area": "Alton",
        "approved_places": "2",
        "rooms_available": "1",
        "submission_token": token,
    }
    statuses = []

    def send():
        other = Client()
        other.force_login(officer)
        statuses.append(other.post(url, data).status_code)
        connection.close()

    assert run_together(send, send) == ["done", "done"]
    assert statuses == [302, 302]
    assert CarerHousehold.objects.filter(name="The Okafor family").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_people_recording_the_same_case_reference_at_once_get_a_form_error__REF_1(referrals_officer):
    """Both forms pass their checks, then one save meets the unique reference: that person is told, on the form."""
    url = reverse("placements:person_create")
    data = {
        "cdir_reference": "CDIR-7001",
        "first_name": "Sam",
        "last_name": "Ng",
        "primary_support_need": "learning_disability",
        "pets": "no_preference",
        "languages": "English",
    } | when("date_of_birth", date(1990, 5, 17))
    pages = []

    def send(first_name):
        other = Client()
        other.force_login(referrals_officer)
        response = other.post(url, data | {"first_name": first_name})
        pages.append((response.status_code, response.content.decode()))
        connection.close()

    assert run_together(lambda: send("Sam"), lambda: send("Samuel")) == ["done", "done"]
    assert sorted(status for status, _ in pages) == [200, 302]
    refused = next(page for status, page in pages if status == 200)
    assert "govuk-error-summary" in refused
    assert "case-system reference" in refused.lower()  # the form's own check, or the constraint's words
    assert Person.objects.filter(cdir_reference="CDIR-7001").count() == 1


def test_a_unique_constraint_met_at_save_is_named_in_plain_words(db):
    """integrity_message turns the constraint PostgreSQL names into the field and words a person can act on."""
    PersonFactory(cdir_reference="CDIR-1")
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Person.objects.create(
            cdir_reference="CDIR-1",
            first_name="A",
            last_name="B",
            date_of_birth=date(1990, 1, 1),
            primary_support_need="learning_disability",
        )
    assert integrity_message(refused.value) == (
        "This case-system reference is already recorded for another person.",
        "cdir_reference",
    )
