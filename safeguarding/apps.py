from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding, incidents and complaints"

    def ready(self):
        from safeguarding.demo import build_demo
        from sharedlives.demo import register_demo_builder

        # What the pages show and who may do what: composition/site.py.
        register_demo_builder(45, build_demo)
