"""Walk every URL pattern for every persona and compare with the table in docs/roles.md (STYLE 5).

Later issues extend the table in docs/roles.md (and, for a new URL argument, KWARG_FACTORIES in
tests/url_arguments.py), never this test.
"""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import kept_for_the_module
from tests.factories import make_persona
from tests.url_arguments import url_kwargs_for

ROLES_DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
PERSONAS = ["anonymous", "referrals_officer", "officer", "manager", "finance_admin", "superuser"]
COLUMNS = [
    "anonymous",
    "Referrals officer",
    "Shared Lives officer",
    "Management team",
    "Finance admin",
    "superuser",
]


def _grid() -> dict[str, dict[str, str]]:
    rows = {}
    in_table = False
    for line in ROLES_DOC.read_text().splitlines():
        if line.startswith("| page (URL name)"):
            header = [cell.strip() for cell in line.strip("|").split("|")]
            assert header[1:] == COLUMNS, f"docs/roles.md page table columns should be {COLUMNS}"
            in_table = True
            continue
        if in_table and line.startswith("|---"):
            continue
        if in_table and line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            name = cells[0].strip("`")
            rows[name] = dict(zip(PERSONAS, cells[1:], strict=True))
        elif in_table:
            in_table = False
    return rows


def _url_names(patterns=None, namespace="", params=()) -> dict[str, list[str]]:
    """Every named page: its (namespaced) name and the names of its URL arguments."""
    names = {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        found = [*params, *pattern.pattern.regex.groupindex]
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner, found)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name: the grid cannot check it"
            names[f"{namespace}{pattern.name}"] = found
    return names


_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


def _writes(sql: str) -> bool:
    """A statement that changes data, other than the session's own row (renewed on every request)."""
    return bool(_WRITE.match(sql)) and '"django_session"' not in sql


GRID = _grid()
URL_PARAMS = _url_names()
CASES = [(name, persona) for name in sorted(GRID) for persona in PERSONAS]


def test_every_url_is_in_the_grid():
    """Every page is listed in docs/roles.md, and every listed page exists."""
    names = set(URL_PARAMS)
    assert sorted(names - set(GRID)) == [], "pages missing from docs/roles.md's page table"
    assert sorted(set(GRID) - names) == [], "docs/roles.md lists pages that do not exist"


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    """The personas and every page's URL arguments, built once for the module: the pages only read them."""
    with kept_for_the_module(django_db_blocker):
        users = {name: make_persona(name) for name in PERSONAS[1:]}
        values = url_kwargs_for(sorted({param for name in GRID for param in URL_PARAMS[name]}), request)
        yield users, {name: {param: values[param] for param in URL_PARAMS[name]} for name in GRID}


@pytest.mark.parametrize(("url_name", "persona_name"), CASES)
def test_page_access_matches_docs_roles(world, client, db, url_name, persona_name):
    users, arguments = world
    if persona_name != "anonymous":
        client.force_login(users[persona_name])
    url = reverse(url_name, kwargs=arguments[url_name])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    writes = [q["sql"][:160] for q in captured.captured_queries if _writes(q["sql"])]
    assert writes == [], f"GET {url} for {persona_name} wrote to the database (no GET request writes):\n{writes}"
    expected = GRID[url_name][persona_name]
    if expected == "login":
        assert response.status_code == 302, f"{url} for {persona_name}: {response.status_code}"
        assert response.url.startswith(reverse("login")), f"{url} for {persona_name} went to {response.url}"
    else:
        assert response.status_code == int(expected), (
            f"{url} for {persona_name}: expected {expected}, got {response.status_code}"
        )


@pytest.mark.parametrize("persona_name", PERSONAS[1:-1])
def test_admin_is_for_superusers_only(client, request, persona_name):
    client.force_login(request.getfixturevalue(persona_name))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_superuser_reaches_every_admin_page(client, superuser):
    from django.contrib import admin

    client.force_login(superuser)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, f"admin changelist of {model.__name__}: {response.status_code}"
