from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding, incidents and complaints"

    def ready(self):
        # What the pages show and who may do what: composition/site.py.
        from safeguarding.demo_complaints import build_complaints_demo
        from sharedlives.demo import register_demo_builder

        register_demo_builder(45, build_complaints_demo)  # after reviews (40): attaches to its incidents if any
