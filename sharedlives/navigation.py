"""The service navigation: what a signed-in user sees in the bar under the header, by permission.

composition/site.py lists the entries and adds them with `add_navigation`; an entry shows only to users who
hold its permission (the views check again on the server).
"""

from dataclasses import dataclass

from django.urls import reverse

from sharedlives.roles import ADMINISTRATOR, role_of


@dataclass(frozen=True)
class NavigationEntry:
    label: str
    url_name: str
    permission: str | None = None
    order: int = 50


_entries: list[NavigationEntry] = []


def add_navigation(entry: NavigationEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def service_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    path = request.path
    items = []
    for entry in sorted(_entries, key=lambda e: e.order):
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = reverse(entry.url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"label": entry.label, "url": url, "current": current})
    return {
        "service_navigation": items,
        "user_role": role_of(user) or (ADMINISTRATOR if user.is_superuser else ""),
    }
