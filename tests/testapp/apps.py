from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Concrete models for testing the shared core's abstract pieces (the approval mixin)."""

    name = "tests.testapp"
    label = "testapp"
