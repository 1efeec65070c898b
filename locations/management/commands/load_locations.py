"""``load_locations``: load the bundled countries, provinces and cities (idempotent)."""

from django.core.management.base import BaseCommand

from locations.services import load_locations


class Command(BaseCommand):
    help = (
        "Load countries and their first-level subdivisions (pycountry), and Iran's 31 "
        "provinces with their cities (bundled CSV). Running it again changes nothing."
    )

    def handle(self, *args, **options):
        result = load_locations()
        self.stdout.write(
            self.style.SUCCESS(
                f"Locations loaded: {result.countries} countries, {result.provinces} "
                f"provinces and {result.cities} cities created."
            )
        )
