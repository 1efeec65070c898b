"""Demo address books: a handful of named contacts per demo user (``load_demo``).

Birthdays are spread around the seeding day so ``/contacts/upcoming-birthdays/`` has
something to show, and one contact is born on 29 February. ``--scale N`` adds N more
contacts per demo user (bulk-inserted) for benchmarks.
"""

from datetime import date, timedelta

from accounts.demo import demo_users
from accounts.models import User
from contacts.models import Contact

SCALE_COMPANY = "Kith Demo Scale"

# first name, last name, relationship, company, days from today to the birthday, birth year
DEMO_CONTACTS = [
    ("Mina", "Karimi", "family", "", 3, 1958),
    ("Jonas", "Weber", "colleague", "Acme GmbH", 12, 1987),
    ("Sara", "Lindqvist", "friend", "", 27, 1991),
    ("Omar", "Haddad", "friend", "Blue Harbor", 45, 1979),
    ("Lena", "Vogel", "family", "", 120, 1962),
    ("Ravi", "Patel", "colleague", "Acme GmbH", 200, 1984),
    ("Leap", "Day", "friend", "", None, 1996),  # born on 29 February
    ("Noor", "Aziz", "neighbour", "", None, None),  # birthday unknown
]
PHONES = ["+49 30 1234567", "+1 (555) 010-0199", "+98 21 8888 1234", "0912 345 6789"]


def _birthday(offset: int | None, year: int | None, today: date) -> date | None:
    if year is None:
        return None
    if offset is None:
        return date(year, 2, 29)
    day = today + timedelta(days=offset)
    if day.month == 2 and day.day == 29:
        day -= timedelta(days=1)
    return day.replace(year=year)


def _link_targets() -> dict[str, User]:
    """Each demo user's "Jonas" is linked to the next demo user's account."""
    users = demo_users()
    return {u.username: users[(i + 1) % len(users)] for i, u in enumerate(users)}


def seed(*, scale: int) -> None:
    today = date.today()
    links = _link_targets()
    for user in demo_users():
        for index, (first, last, relationship, company, offset, year) in enumerate(DEMO_CONTACTS):
            Contact.objects.get_or_create(
                owner=user,
                first_name=first,
                last_name=last,
                defaults={
                    "relationship": relationship,
                    "company": company,
                    "email": f"{first.lower()}.{last.lower()}@example.com",
                    "phone": PHONES[index % len(PHONES)],
                    "birthday": _birthday(offset, year, today),
                    "linked_user": links.get(user.username) if first == "Jonas" else None,
                    "notes": f"Demo contact of {user.first_name}.",
                },
            )
        _seed_scale(user, scale, today)


def _seed_scale(user: User, scale: int, today: date) -> None:
    """Top the user's bulk contacts up to ``scale`` (numbered, so reruns add nothing)."""
    existing = Contact.objects.filter(owner=user, company=SCALE_COMPANY).count()
    Contact.objects.bulk_create(
        [
            Contact(
                owner=user,
                first_name=f"Person{i:06d}",
                last_name=f"Scale{i % 97:02d}",
                email=f"person{i}@example.com",
                phone=f"+1 555 {i % 10000:04d}",
                company=SCALE_COMPANY,
                relationship=("friend", "family", "colleague")[i % 3],
                birthday=date(1950 + i % 55, 1, 1) + timedelta(days=i * 37 % 365),
            )
            for i in range(existing, scale)
        ],
        batch_size=1000,
    )
