"""How long the reviews demo takes to build (it runs inside `make run`), with every earlier builder done first."""

import pytest

from reviews.demo import build_demo
from sharedlives import demo

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def test_the_reviews_demo_builds_quickly(bench):
    users = demo.ensure_demo_users()
    for _, builder in sorted(demo.DEMO_BUILDERS, key=lambda entry: entry[0]):
        if builder is not build_demo:
            builder(users=users)
    bench(
        "reviews demo: contacts, reviews, changes and weekly counts for three officers",
        5.0,
        lambda: build_demo(users=users),
        repeat=1,
    )
