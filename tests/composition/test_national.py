"""The national-scale builder (issue 15) at a tiny scale: the counts come out in the national proportions, and the
pages the load test visits render on the data (composition/national.py, scripts/loadtest.py)."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from composition import national
from tests.conftest import kept_for_the_module
from tests.pages import app_url

SCALE = 0.002  # 12 households, 18 carers, 20 people, 19 placements


@pytest.fixture(scope="module")
def ids(django_db_setup, django_db_blocker, tmp_path_factory):
    """The builder's output, once, in a transaction rolled back at the end of the module."""
    ids_file = tmp_path_factory.mktemp("national") / "ids.json"
    with kept_for_the_module(django_db_blocker):
        call_command("build_national_data", scale=SCALE, ids_file=str(ids_file), stdout=io.StringIO())
        yield json.loads(ids_file.read_text())


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        return cursor.fetchone()[0]


def test_the_national_data_in_its_proportions(ids, db):
    counts = {table: _count(table) for table in [
        "carers_carerhousehold", "carers_carer", "placements_person", "placements_placement", "reviews_contact",
        "reviews_review", "carers_trainingrecord", "carers_insurancepolicy",
    ]}
    assert counts == {
        "carers_carerhousehold": 12, "carers_carer": 18, "placements_person": 20, "placements_placement": 19,
        "reviews_contact": 2130, "reviews_review": 300, "carers_trainingrecord": 198, "carers_insurancepolicy": 114,
    }
    assert _count("funding_paymentline") > 19
    assert get_user_model().objects.filter(username__startswith="national-officer-").count() == 2
    assert ids["password"] == national.PASSWORD and ids["payees"] and ids["households"]


def test_it_refuses_a_database_that_holds_households(ids, db):
    with pytest.raises(CommandError, match="already holds households"):
        call_command("build_national_data", scale=SCALE)


def test_the_load_test_pages_render_on_it(ids, db, client):
    client.force_login(get_user_model().objects.get(username="national-manager-1"))
    carers, placements, funding, reviews = (app_url(app) for app in ["carers", "placements", "funding", "reviews"])
    household, schedule = ids["households"][0], ids["schedule"]
    pages = [
        reviews("overview"), placements("placement_list"), carers("household_export"),
        funding("statement_pdf", schedule, ids["payees"][0]), funding("schedule_detail", schedule),
        placements("referral_board"), placements("search") + "?q=Smith",
        carers("household_list") + f"?area={ids['areas'][0]}", carers("household_detail", household),
    ]
    for url in pages:
        assert client.get(url).status_code == 200, url
    client.force_login(get_user_model().objects.get(username="national-officer-1"))
    assert client.get(reviews("my_work")).status_code == 200
