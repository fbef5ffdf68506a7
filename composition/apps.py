from django.apps import AppConfig


class CompositionConfig(AppConfig):
    """The top layer: installs what each role sees (composition/site.py) into the core's registries."""

    name = "composition"
    verbose_name = "Pages and roles"

    def ready(self):
        from composition import site  # the domain apps' models are loaded only now

        site.compose()
