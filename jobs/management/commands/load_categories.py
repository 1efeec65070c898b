"""``load_categories``: load the bundled job categories and subcategories (idempotent)."""

from django.core.management.base import BaseCommand

from jobs.services import load_categories


class Command(BaseCommand):
    help = "Load the bundled job categories and subcategories. Running it again changes nothing."

    def handle(self, *args, **options):
        categories, subcategories = load_categories()
        self.stdout.write(
            self.style.SUCCESS(
                f"Categories loaded: {categories} categories and {subcategories} "
                "subcategories created."
            )
        )
