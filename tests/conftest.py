"""Personas and shared fixtures. Every test runs against real PostgreSQL (never SQLite, never mocks)."""

from contextlib import contextmanager

import factory.random
import pytest
from django.db import transaction

from tests.factories import make_persona


@pytest.fixture(autouse=True)
def _seeded_faker():
    """The same names and values in every run, whatever ran before: a failure seen once is seen again."""
    factory.random.reseed_random("shared-lives")


@pytest.fixture
def officer(db):
    return make_persona("officer")


@pytest.fixture
def second_officer(db):
    return make_persona("second_officer")


@pytest.fixture
def manager(db):
    return make_persona("manager")


@pytest.fixture
def second_manager(db):
    return make_persona("second_manager")


@pytest.fixture
def finance_admin(db):
    return make_persona("finance_admin")


@pytest.fixture
def referrals_officer(db):
    return make_persona("referrals_officer")


@pytest.fixture
def superuser(db):
    return make_persona("superuser")


@contextmanager
def kept_for_the_module(django_db_blocker):
    """A transaction open for a whole module, rolled back at its end: build a world once, and each test's own
    transaction (the `db` fixture) becomes a savepoint inside it, rolled back after the test. For modules whose
    tests only read the world (the permission grid): they never see each other's writes."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def persona(request, db):
    """Indirect fixture: `persona` named by role, for tests parametrised over every role."""
    return request.getfixturevalue(request.param)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def finance_client(client, finance_admin):
    client.force_login(finance_admin)
    return client


@pytest.fixture
def cards(finance_admin, manager):
    """The published example rate cards: 2025/26 and 2026/27 uplifted from it (on 2026/27, rent £79.40 a week,
    board and lodging £51.00 a week)."""
    from funding.example_card import publish_example_cards

    return publish_example_cards(drafted_by=finance_admin, published_by=manager)
