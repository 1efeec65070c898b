"""Demo users. Every demo user's password is ``Demo!Pass1``."""

from accounts.models import User

DEMO_PASSWORD = "Demo!Pass1"  # noqa: S105 - published demo credentials
SCALE_USERNAME = "demo_{:05d}"
DEMO_USERS = [
    ("alice", "alice@example.com", "Alice", "Anders", "Europe/Berlin"),
    ("bob_b", "bob@example.com", "Bob", "Brown", "Asia/Tehran"),
    ("carol", "carol@example.com", "Carol", "Chen", "UTC"),
    ("dave_d", "dave@example.com", "Dave", "Dawson", "America/New_York"),
]


def demo_users() -> list[User]:
    """The demo users, in a fixed order (alice first)."""
    return list(User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).order_by("id"))


def seed(*, scale: int) -> None:
    for username, email, first, last, tz in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": email,
                "first_name": first,
                "last_name": last,
                "timezone": tz,
                "email_verified": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.com", DEMO_PASSWORD)
    # ``scale`` extra users (chat partners, search results), in bulk; reruns add nothing.
    User.objects.bulk_create(
        [
            User(
                username=SCALE_USERNAME.format(i),
                email=f"{SCALE_USERNAME.format(i)}@example.com",
                first_name=f"Demo{i}",
            )
            for i in range(scale)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


def scale_users(count: int) -> list[User]:
    """The first ``count`` of the users ``seed(scale=...)`` adds, in order."""
    names = [SCALE_USERNAME.format(i) for i in range(count)]
    return list(User.objects.filter(username__in=names).order_by("username"))
