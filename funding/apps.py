from django.apps import AppConfig


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = "Funding, banding and fees"

    def ready(self):
        from funding import queries
        from funding.demo import build_demo
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder

        # What the pages show and who may do what: composition/site.py.
        register_approval_source("funding.banding", queries.pending_bandings)
        register_demo_builder(30, build_demo)
