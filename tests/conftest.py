"""Personas and shared fixtures. Every test runs against real PostgreSQL (never SQLite, never mocks)."""

import factory.random
import pytest

from sharedlives import roles
from tests.factories import UserFactory

_DB_FIXTURES = {"db", "transactional_db", "django_db_blocker_unblocked", "live_server"}


@pytest.fixture(autouse=True)
def _seeded_faker():
    """The same names and values in every run, whatever ran before: a failure seen once is seen again."""
    factory.random.reseed_random("shared-lives")


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Reference data made by data migrations (courses, the banding tool, role groups) is emptied by a
    transactional test's flush; put it back for any test that uses the database."""
    if not _DB_FIXTURES & set(request.fixturenames) and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue(
        "transactional_db"
        if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
        else "db"
    )
    from carers.models import TrainingCourse
    from carers.reference import ensure_training_courses
    from funding.models import BandingDomain, BandingLevel, BandingTool, BandThreshold
    from funding.reference import ensure_banding_tool

    ensure_training_courses(TrainingCourse)
    ensure_banding_tool(BandingTool, BandingDomain, BandingLevel, BandThreshold)
    roles.ensure_role_groups()


@pytest.fixture
def officer(db):
    return UserFactory(username="olivia", first_name="Olivia", last_name="Hughes", role=roles.SHARED_LIVES_OFFICER)


@pytest.fixture
def second_officer(db):
    return UserFactory(username="omar", first_name="Omar", last_name="Said", role=roles.SHARED_LIVES_OFFICER)


@pytest.fixture
def manager(db):
    return UserFactory(username="maya", first_name="Maya", last_name="Clarke", role=roles.MANAGEMENT_TEAM)


@pytest.fixture
def second_manager(db):
    return UserFactory(username="martin", first_name="Martin", last_name="Lowe", role=roles.MANAGEMENT_TEAM)


@pytest.fixture
def finance_admin(db):
    return UserFactory(username="fiona", first_name="Fiona", last_name="Grant", role=roles.FINANCE_ADMIN)


@pytest.fixture
def referrals_officer(db):
    return UserFactory(username="rita", first_name="Rita", last_name="Patel", role=roles.REFERRALS_OFFICER)


@pytest.fixture
def superuser(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


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
