"""Demo groups of each demo user's named contacts, by relationship (``load_demo``)."""

from accounts.demo import demo_users
from contacts.demo import SCALE_COMPANY
from contacts.models import Contact
from groups.models import Group, Membership

GROUPS = {"Family": "family", "Work": "colleague", "Friends": "friend"}


def seed(*, scale: int) -> None:
    for user in demo_users():
        contacts = Contact.objects.filter(owner=user).exclude(company=SCALE_COMPANY)
        for name, relationship in GROUPS.items():
            group, _ = Group.objects.get_or_create(owner=user, name=name)
            Membership.objects.bulk_create(
                [
                    Membership(group=group, contact=contact)
                    for contact in contacts.filter(relationship=relationship)
                ],
                ignore_conflicts=True,
            )
