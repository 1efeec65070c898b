"""Demo data of the locations app: the reference places, when none are loaded yet."""

from locations.models import City
from locations.services import load_locations


def seed(*, scale: int) -> None:
    if not City.objects.exists():
        load_locations()
