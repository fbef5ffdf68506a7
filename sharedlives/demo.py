"""Demo users, one per role, for a local `make run`. Never for a real scheme's server."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from sharedlives import roles

DEMO_PASSWORD = "demo-shared-lives"

# Each domain app registers its demo builder in AppConfig.ready(): (order, callable(users=) -> summary).
# Builders must be idempotent: seed_demo runs on every `make run`.
DEMO_BUILDERS: list[tuple[int, object]] = []


def register_demo_builder(order: int, builder) -> None:
    if (order, builder) not in DEMO_BUILDERS:
        DEMO_BUILDERS.append((order, builder))


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str | None
    superuser: bool = False


DEMO_USERS = [
    DemoUser("referrals", "Rita", "Patel", roles.REFERRALS_OFFICER),
    DemoUser("officer", "Olivia", "Hughes", roles.SHARED_LIVES_OFFICER),
    DemoUser("officer2", "Omar", "Said", roles.SHARED_LIVES_OFFICER),
    DemoUser("officer3", "Owen", "Price", roles.SHARED_LIVES_OFFICER),
    DemoUser("manager", "Maya", "Clarke", roles.MANAGEMENT_TEAM),
    DemoUser("manager2", "Martin", "Lowe", roles.MANAGEMENT_TEAM),
    DemoUser("finance", "Fiona", "Grant", roles.FINANCE_ADMIN),
    DemoUser("admin", "Ada", "Admin", None, superuser=True),
]


def ensure_demo_users() -> dict[str, object]:
    """Create (or leave alone) each demo user; returns them by username."""
    User = get_user_model()
    groups = roles.ensure_role_groups()
    password = make_password(DEMO_PASSWORD)  # hashed once (a proper hash takes most of a second), shared by all
    users = {}
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@example.org",
                "is_staff": demo.superuser,
                "is_superuser": demo.superuser,
            },
        )
        if created:
            user.password = password
            user._change_reason = "demo.user_created"
            user.save()
        if demo.role:
            user.groups.add(groups[demo.role])
        users[demo.username] = user
    return users
