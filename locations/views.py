"""Places (anonymous reference lists) and the user's own addresses (API.md §7)."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins
from rest_framework.permissions import AllowAny

from common.codes import Code
from common.filters import SearchFilter
from common.views import KithGenericViewSet, KithModelViewSet
from locations.filters import CityFilter, ProvinceFilter
from locations.models import Address, City, Country, Province
from locations.serializers import (
    AddressSerializer,
    CitySerializer,
    CountrySerializer,
    ProvinceSerializer,
)


class _PlacesViewSet(mixins.ListModelMixin, KithGenericViewSet):
    """Anonymous, paged, searchable by name, ordered by name then id."""

    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend, SearchFilter]
    search_fields = ["name"]
    error_codes = {"list": Code.LOCATIONS_FILTER_INVALID}


class CountryViewSet(_PlacesViewSet):
    """Countries (ISO 3166-1): ``?search=`` on the name."""

    queryset = Country.objects.order_by("name", "id")
    serializer_class = CountrySerializer
    success_codes = {"list": Code.COUNTRIES_LISTED}


class ProvinceViewSet(_PlacesViewSet):
    """First-level subdivisions: ``?country=`` (id or ISO alpha-2 code), ``?search=``."""

    queryset = Province.objects.select_related("country").order_by("name", "id")
    serializer_class = ProvinceSerializer
    filterset_class = ProvinceFilter
    success_codes = {"list": Code.PROVINCES_LISTED}


class CityViewSet(_PlacesViewSet):
    """Cities: ``?province=`` (id), ``?country=`` (id or ISO code), ``?search=``."""

    queryset = City.objects.select_related("province").order_by("name", "id")
    serializer_class = CitySerializer
    filterset_class = CityFilter
    success_codes = {"list": Code.CITIES_LISTED}


class AddressViewSet(KithModelViewSet):
    """The authenticated user's addresses; other users' addresses answer 404."""

    serializer_class = AddressSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []
    success_codes = {
        "list": Code.ADDRESSES_LISTED,
        "create": Code.ADDRESS_CREATED,
        "retrieve": Code.ADDRESS_RETRIEVED,
        "partial_update": Code.ADDRESS_UPDATED,
        "destroy": Code.ADDRESS_DELETED,
    }
    error_codes = {
        "create": Code.ADDRESS_CREATE_FAILED,
        "partial_update": Code.ADDRESS_UPDATE_FAILED,
    }
    not_found_codes = {
        action: Code.ADDRESS_NOT_FOUND for action in ("retrieve", "partial_update", "destroy")
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Address.objects.none()
        return (
            Address.objects.filter(user=self.request.user)
            .select_related("city__province")
            .order_by("id")
        )

    def perform_create(self, serializer):
        serializer.save(user=self.request.user)
