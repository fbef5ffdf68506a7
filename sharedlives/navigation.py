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
_home_sections: dict[str, str] = {}  # role -> the url_name of the entry that is that role's home page


def add_navigation(entry: NavigationEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def set_home_section(role: str, url_name: str) -> None:
    """The role's home ("/") is the page this entry names: on "/" that entry is the current one."""
    _home_sections[role] = url_name


def service_navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user) or (ADMINISTRATOR if user.is_superuser else "")
    items = [
        {"label": entry.label, "url": reverse(entry.url_name), "url_name": entry.url_name, "current": False}
        for entry in sorted(_entries, key=lambda e: e.order)
        if not entry.permission or user.has_perm(entry.permission)
    ]
    # One section is current: the entry whose address is the longest start of this page's (Caseloads, not also
    # Households, on /households/caseloads/); on the home page, the entry that names the role's home.
    if request.path == "/":
        current = [item for item in items if item["url_name"] == _home_sections.get(role)]
    else:
        current = sorted((item for item in items if request.path.startswith(item["url"])), key=lambda i: -len(i["url"]))
    if current:
        current[0]["current"] = True
    return {"service_navigation": items, "user_role": role}
