"""Role checks on the server, for every view (STYLE 5). Hiding a link is never the check."""

from django.contrib.auth.mixins import PermissionRequiredMixin


class RoleRequiredMixin(PermissionRequiredMixin):
    """`permission_required = "carers.view_carerhousehold"`: signed-in users without it get 403.

    Anonymous users never get this far: LoginRequiredMiddleware sends them to sign in first.
    """

    raise_exception = True
