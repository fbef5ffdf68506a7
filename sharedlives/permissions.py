"""Role checks on the server, for every view (STYLE 5). Hiding a link is never the check."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied


class RoleRequiredMixin(PermissionRequiredMixin):
    """`permission_required = "carers.view_carerhousehold"`: signed-in users without it get 403.

    Anonymous users never get this far: LoginRequiredMiddleware sends them to sign in first.
    """

    raise_exception = True


def require_permission(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied
