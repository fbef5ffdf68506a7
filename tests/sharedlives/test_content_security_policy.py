"""The Content-Security-Policy (SEC-3): only this site's files, and a nonce for the few inline scripts."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.url_arguments import url_kwargs_for


class _Tags(HTMLParser):
    """Every <script> and <style> tag's attributes, and whether any element has an inline style or on* handler."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.inline = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        elif tag == "style":
            self.styles.append(attrs)
        self.inline += [f"<{tag} {name}>" for name in attrs if name == "style" or name.startswith("on")]


def tags(response) -> _Tags:
    parser = _Tags()
    parser.feed(response.content.decode())
    return parser


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def header_nonce(response) -> str:
    nonces = [value for value in policy(response)["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1, response.headers["Content-Security-Policy"]
    return re.fullmatch(r"'nonce-(.+)'", nonces[0]).group(1)


def assert_scripts_carry_the_nonce(response, *, at_least=1):
    nonce = header_nonce(response)
    found = tags(response)
    assert len(found.scripts) >= at_least
    assert [s.get("nonce") for s in found.scripts] == [nonce] * len(found.scripts), found.scripts
    assert found.inline == [], f"inline style or event handler attributes: {found.inline}"


def test_the_policy_allows_only_this_site_and_the_nonce__SEC_3(client, db):
    response = client.get(reverse("login"))
    csp = policy(response)
    nonce = header_nonce(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert csp["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    assert csp["img-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_each_response_has_its_own_nonce__SEC_3(client, db):
    assert header_nonce(client.get(reverse("login"))) != header_nonce(client.get(reverse("login")))


def test_every_script_on_the_sign_in_page_carries_the_nonce__SEC_3(client, db):
    assert_scripts_carry_the_nonce(client.get(reverse("login")), at_least=2)  # js-enabled snippet, init.mjs


@pytest.mark.parametrize(
    ("persona_name", "url_name", "params"),
    [
        ("officer", "home", []),
        ("officer", "carers:household_list", []),
        ("officer", "funding:submit_banding", ["placement_pk"]),  # the live banding total
        ("manager", "reviews:overview", []),  # the bar chart (no inline style)
        ("officer", "reviews:my_work", []),
    ],
)
def test_every_script_on_a_signed_in_page_carries_the_nonce__SEC_3(client, db, request, persona_name, url_name, params):
    client.force_login(request.getfixturevalue(persona_name))
    response = client.get(reverse(url_name, kwargs=url_kwargs_for(params, request)))
    assert response.status_code == 200
    assert_scripts_carry_the_nonce(response, at_least=2)


def test_the_schedule_progress_script_carries_the_nonce__SEC_3(client, finance_admin):
    from funding import schedules

    schedule = schedules.start_schedule(period_start=date(2026, 9, 1), period_end=date(2026, 9, 30), by=finance_admin)
    client.force_login(finance_admin)
    response = client.get(reverse("funding:schedule_detail", args=[schedule.pk]))
    assert "setTimeout(poll" in response.content.decode()
    assert_scripts_carry_the_nonce(response, at_least=3)


def test_the_admin_works_under_the_policy__SEC_3(client, superuser):
    """The admin's own inline scripts and styles carry the nonce; its other scripts are this site's files."""
    client.force_login(superuser)
    for url in (reverse("admin:index"), reverse("admin:auth_user_changelist"), reverse("admin:auth_user_add")):
        response = client.get(url)
        assert response.status_code == 200
        found = tags(response)
        nonce = header_nonce(response) if "'nonce-" in response.headers["Content-Security-Policy"] else None
        for tag in found.scripts:
            assert tag.get("nonce") == nonce or tag.get("src", "").startswith("/"), f"{url}: {tag}"
        for tag in found.styles:
            assert tag.get("nonce") == nonce, f"{url}: inline <style> without the nonce"
