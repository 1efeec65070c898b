"""Demo users. Every demo user's password is ``Demo!Pass1``."""

from accounts.models import User

DEMO_PASSWORD = "Demo!Pass1"  # noqa: S105 - published demo credentials
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
    for i in range(scale):
        User.objects.get_or_create(
            username=f"demo_{i:05d}",
            defaults={"email": f"demo_{i:05d}@example.com", "first_name": f"Demo{i}"},
        )
