from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
        # A transactional test's flush empties every table, then sends post_migrate: the role groups and their
        # permissions come back (sharedlives), and so, here, does the reference data the data migrations made.
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="testapp.restore_reference_data")


def restore_reference_data(**kwargs) -> None:
    from carers.models import Requirement, TrainingCourse
    from carers.reference import ensure_requirements, ensure_training_courses
    from funding.models import BandingDomain, BandingLevel, BandingTool, BandThreshold
    from funding.reference import ensure_banding_tool

    ensure_training_courses(TrainingCourse)
    ensure_requirements(Requirement, TrainingCourse)
    ensure_banding_tool(BandingTool, BandingDomain, BandingLevel, BandThreshold)
