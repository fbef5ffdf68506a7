"""Factories make minimal valid rows. States that rules produce are made by calling services (STYLE 9)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from sharedlives import roles


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        # The groups and their permissions are there: made after every migrate, and after every flush.
        if extracted:
            user.groups.add(Group.objects.get(name=extracted))


# The personas, by fixture name: who they are. Tests that build a world once for a module make them the same way.
PERSONA_USERS = {
    "officer": dict(username="olivia", first_name="Olivia", last_name="Hughes", role=roles.SHARED_LIVES_OFFICER),
    "second_officer": dict(username="omar", first_name="Omar", last_name="Said", role=roles.SHARED_LIVES_OFFICER),
    "manager": dict(username="maya", first_name="Maya", last_name="Clarke", role=roles.MANAGEMENT_TEAM),
    "second_manager": dict(username="martin", first_name="Martin", last_name="Lowe", role=roles.MANAGEMENT_TEAM),
    "finance_admin": dict(username="fiona", first_name="Fiona", last_name="Grant", role=roles.FINANCE_ADMIN),
    "referrals_officer": dict(username="rita", first_name="Rita", last_name="Patel", role=roles.REFERRALS_OFFICER),
    "superuser": dict(username="ada", is_staff=True, is_superuser=True),
}


def make_persona(name: str):
    """The persona `name` (a fixture's name in tests/conftest.py), for tests that make their users themselves."""
    return UserFactory(**PERSONA_USERS[name])
