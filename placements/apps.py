from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = "Referrals and placements"

    def ready(self):
        from carers.capacity import register_occupancy_source
        from placements import queries
        from placements.demo import build_demo
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder

        # What the pages show and who may do what: composition/site.py.
        register_occupancy_source("placements", queries.occupancy_source)
        register_approval_source("placements.extra_introduction_nights", queries.pending_extra_introduction_nights)
        register_approval_source("placements.admin_payments", queries.pending_admin_payments)
        register_approval_source("placements.provision_requests", queries.pending_provision_requests)
        register_demo_builder(20, build_demo)
