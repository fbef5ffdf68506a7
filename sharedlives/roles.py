"""The four roles (Django groups) and what each may do. docs/roles.md is the readable copy.

The groups are created by a data migration; their permissions are (re)applied after every migrate by
`sync_role_permissions`, so a permission that a later app adds joins its role as soon as it exists.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

REFERRALS_OFFICER = "Referrals officer"
SHARED_LIVES_OFFICER = "Shared Lives officer"
MANAGEMENT_TEAM = "Management team"
FINANCE_ADMIN = "Finance admin"
ROLES = [REFERRALS_OFFICER, SHARED_LIVES_OFFICER, MANAGEMENT_TEAM, FINANCE_ADMIN]
# Not a group: a superuser without one of the roles above works as the administrator (accounts, policy, rate cards).
ADMINISTRATOR = "Administrator"

# app_label.codename per role. A permission not yet created (its app not migrated) is skipped until it is.
_EVERYONE = ["sharedlives.view_schemepolicy"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    REFERRALS_OFFICER: _EVERYONE + [],
    SHARED_LIVES_OFFICER: _EVERYONE + [],
    MANAGEMENT_TEAM: _EVERYONE
    + [
        "sharedlives.view_approvals",
        "sharedlives.view_scheme_overview",
    ],
    FINANCE_ADMIN: _EVERYONE + [],
}


def extend_role(role: str, permissions: list[str]) -> None:
    """Add permissions to a role: composition/site.py gives each role its table when the apps are ready."""
    for permission in permissions:
        if permission not in ROLE_PERMISSIONS[role]:
            ROLE_PERMISSIONS[role].append(permission)


def ensure_role_groups() -> dict[str, Group]:
    return {role: Group.objects.get_or_create(name=role)[0] for role in ROLES}


def sync_role_permissions(**kwargs) -> None:
    """Give each role exactly the permissions ROLE_PERMISSIONS lists (idempotent)."""
    groups = ensure_role_groups()
    wanted = {perm for perms in ROLE_PERMISSIONS.values() for perm in perms}
    found = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[perm.split(".", 1)[1] for perm in wanted]
        )
    }
    for role, group in groups.items():
        group.permissions.set([found[perm] for perm in ROLE_PERMISSIONS[role] if perm in found])


def is_manager(user) -> bool:
    """A member of the management team (or a superuser): who may decide, agree and be discussed with."""
    return user is not None and (user.is_superuser or user.groups.filter(name=MANAGEMENT_TEAM).exists())


def managers():
    """The active management team, for choosing who something was discussed with."""
    return get_user_model().objects.filter(groups__name=MANAGEMENT_TEAM, is_active=True).order_by(
        "first_name", "last_name", "pk"
    )


def role_of(user) -> str | None:
    """The user's role: the first of their groups in ROLES order (a person normally has one)."""
    if not user.is_authenticated:
        return None
    names = {group.name for group in user.groups.all()}
    return next((role for role in ROLES if role in names), None)
