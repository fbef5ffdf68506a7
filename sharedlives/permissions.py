"""Role checks on the server, for every view (STYLE 5). Hiding a link is never the check.

`may_open(user, url)` asks the page's own view whether the user would get in, so a template can leave out a link to an
action the user cannot take (the same check, not a second copy of it). A refusal names the roles that may.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import Resolver404, resolve

from sharedlives import roles


def roles_with(permissions) -> list[str]:
    """The roles holding every one of `permissions`, in ROLES order."""
    return [role for role in roles.ROLES if all(perm in roles.ROLE_PERMISSIONS[role] for perm in permissions)]


def who_can(permissions) -> str:
    """A sentence for a refused page: "Only the Management team can do this." (administrators always can)."""
    found = roles_with(permissions)
    if not found:
        return "Only an administrator can do this."
    names = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " or " + found[-1]
    return f"Only the {names} {'role' if len(found) == 1 else 'roles'} can do this."


class RoleRequiredMixin(PermissionRequiredMixin):
    """`permission_required = "carers.view_carerhousehold"`: signed-in users without it get 403.

    Anonymous users never get this far: LoginRequiredMiddleware sends them to sign in first. The 403 page
    (templates/403.html) says which roles may open the page.
    """

    raise_exception = True

    def get_permission_denied_message(self):
        return self.permission_denied_message or who_can(self.get_permission_required())


def may_open(user, url: str) -> bool:
    """Would `user` get past the role check of the view behind `url`? Unknown pages and plain views: yes."""
    if user is None or not user.is_authenticated:
        return False
    try:
        match = resolve(url.split("?", 1)[0])
    except Resolver404:
        return True
    view_class = getattr(match.func, "view_class", None)
    if view_class is None or not issubclass(view_class, PermissionRequiredMixin):
        return True
    required = view_class.permission_required
    if required is None:
        return True
    return user.has_perms((required,) if isinstance(required, str) else required)
