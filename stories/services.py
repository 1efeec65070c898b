"""Writes of stories (API.md §3)."""

from contacts.models import Contact
from stories.models import Story


def story_create(*, contact: Contact, data: dict) -> Story:
    """Add a story to ``contact`` (whose ownership the caller has checked)."""
    return Story.objects.create(contact=contact, **data)


def story_update(*, story: Story, data: dict) -> Story:
    """Apply validated ``data`` to ``story``; its contact never changes."""
    for name, value in data.items():
        setattr(story, name, value)
    story.save()
    return story


def story_delete(*, story: Story) -> None:
    story.delete()
