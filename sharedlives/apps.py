from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SharedLivesConfig(AppConfig):
    name = "sharedlives"
    verbose_name = "Shared Lives (core)"

    def ready(self):
        from sharedlives.roles import sync_role_permissions

        # After every migrate, so each role has the permissions its apps have just created.
        post_migrate.connect(sync_role_permissions, dispatch_uid="sharedlives.sync_role_permissions")
