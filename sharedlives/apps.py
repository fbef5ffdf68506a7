from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate


class SharedLivesConfig(AppConfig):
    name = "sharedlives"
    verbose_name = "Shared Lives (core)"

    def ready(self):
        from sharedlives.roles import sync_role_permissions

        # After every migrate, so each role has the permissions its apps have just created.
        post_migrate.connect(sync_role_permissions, dispatch_uid="sharedlives.sync_role_permissions")


class SuperuserAdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with the superusers-only site (SEC-2); replaces it in INSTALLED_APPS."""

    default = False  # "sharedlives" alone still means SharedLivesConfig
    default_site = "sharedlives.admin_site.SuperuserAdminSite"
