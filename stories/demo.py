"""Demo stories: two per named demo contact of each demo user (``load_demo``)."""

from datetime import date, timedelta

from accounts.demo import demo_users
from contacts.demo import SCALE_COMPANY
from contacts.models import Contact
from stories.models import Story

STORIES = [
    ("First met", "We met at a friend's birthday party.", "Berlin", 900),
    ("Coffee catch-up", "Talked about travel plans and a new job.", "Café Anna", 30),
]


def seed(*, scale: int) -> None:
    today = date.today()
    contacts = Contact.objects.filter(owner__in=demo_users()).exclude(company=SCALE_COMPANY)
    for contact in contacts:
        for title, content, location, days_ago in STORIES:
            Story.objects.get_or_create(
                contact=contact,
                title=title,
                defaults={
                    "content": content,
                    "location": location,
                    "date": today - timedelta(days=days_ago),
                },
            )
