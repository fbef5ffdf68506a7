from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Contacts and reviews"

    def ready(self):
        from carers.checks import register_property_check_source
        from reviews import picture_sources
        from reviews.demo import build_demo
        from reviews.queries import latest_property_checks
        from reviews.tasks import (
            refresh_compliance_picture,
            refresh_compliance_picture_nightly,
            send_weekly_digests,
            take_overdue_snapshot,
        )
        from reviews.views_records import pending_additional_funding
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder
        from sharedlives.jobs import daily_at, register_at_start, register_periodic, weekly_at

        # What the pages show and who may do what: composition/site.py.
        register_approval_source("reviews.additional_funding", pending_additional_funding)
        register_demo_builder(40, build_demo)
        register_property_check_source("reviews.health_safety", latest_property_checks)  # SAFE-1, REV-3
        register_periodic(send_weekly_digests, weekly_at(0, 7), "the officers' weekly digests (Mondays 07:00)")
        register_periodic(take_overdue_snapshot, daily_at(6), "the daily overdue count (06:00)")
        # The compliance picture (reviews/picture.py): noted stale by every save, recomputed by the worker.
        picture_sources.connect()
        register_periodic(refresh_compliance_picture_nightly, daily_at(0), "the compliance picture for the new day")
        register_at_start(refresh_compliance_picture)
