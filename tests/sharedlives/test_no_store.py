"""Nothing a signed-in person sees is kept by the browser or a proxy (SEC-3): pages, CSV exports, PDFs."""

import pytest
from django.urls import reverse

from tests.url_arguments import url_kwargs_for


def assert_not_stored(response):
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.headers.get("Cache-Control")


@pytest.mark.parametrize(
    ("persona_name", "url_name", "params"),
    [
        ("officer", "home", []),
        ("officer", "carers:household_detail", ["household_pk"]),
        ("officer", "carers:household_export", []),  # CSV
        ("finance_admin", "funding:statement_pdf", ["schedule_pk", "payee_pk"]),  # PDF
        ("finance_admin", "funding:schedule_export", ["schedule_pk"]),  # CSV
        ("manager", "approvals", []),
        ("officer", "carers:household_create", []),  # a form
        ("officer", "placements:referral_board", []),
    ],
)
def test_nothing_a_signed_in_person_sees_is_cached__SEC_3(client, db, request, persona_name, url_name, params):
    client.force_login(request.getfixturevalue(persona_name))
    response = client.get(reverse(url_name, kwargs=url_kwargs_for(params, request)))
    assert response.status_code == 200
    assert_not_stored(response)


def test_a_refused_page_is_not_cached_either__SEC_3(client, referrals_officer):
    client.force_login(referrals_officer)
    response = client.get(reverse("approvals"))
    assert response.status_code == 403
    assert_not_stored(response)


def test_static_files_stay_cacheable__SEC_3(client, officer):
    client.force_login(officer)
    response = client.get("/static/js/init.mjs")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
