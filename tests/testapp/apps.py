from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Concrete models for testing the shared core's abstract pieces (approvals, occupancy sources)."""

    name = "tests.testapp"
    label = "testapp"

    def ready(self):
        from carers.capacity import Occupancy, register_occupancy_source

        def sample_occupants(household_ids, start, end):
            from django.db.models import Q

            from tests.testapp.models import SampleOccupant

            rows = SampleOccupant.objects.filter(household_id__in=household_ids, starts_on__lte=end).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=start)
            )
            return [Occupancy(r.household_id, r.person_key, r.kind, r.starts_on, r.ends_on) for r in rows]

        register_occupancy_source("testapp.sample_occupants", sample_occupants)
