from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding, incidents and complaints"

    def ready(self):
        from safeguarding.demo import build_demo
        from safeguarding.demo_complaints import build_complaints_demo
        from sharedlives.demo import register_demo_builder

        # What the pages show and who may do what: composition/site.py.
        register_demo_builder(45, build_demo)  # after reviews (40)
        register_demo_builder(46, build_complaints_demo)  # after the concerns and incidents: attaches to them
