from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding, incidents and complaints"

    def ready(self):
        # What the pages show and who may do what: composition/site.py.
        pass
