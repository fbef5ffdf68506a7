from django.apps import AppConfig


class CarersConfig(AppConfig):
    name = "carers"
    verbose_name = "Carer households"

    def ready(self):
        from carers.demo import build_demo
        from carers.queries import pending_checks_overrides, pending_extra_respite
        from sharedlives.approvals import register_approval_source
        from sharedlives.demo import register_demo_builder

        # What the pages show and who may do what: composition/site.py.
        register_approval_source("carers.extra_respite", pending_extra_respite)
        register_approval_source("carers.checks_override", pending_checks_overrides)
        register_demo_builder(10, build_demo)
