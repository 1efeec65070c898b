"""Serializers of places and addresses (API.md §7)."""

from rest_framework import serializers

from locations.models import Address, City, Country, Province


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key given by its integer id (a JSON number or a string of digits).

    Booleans, floats (``1e400`` parses as infinity) and anything else are refused as
    the wrong type before the database is asked.
    """

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str) and not (data.isascii() and data.isdigit()):
            self.fail("incorrect_type", data_type="str")
        return super().to_internal_value(data)


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["id", "code", "name"]


class ProvinceSerializer(serializers.ModelSerializer):
    """``country`` is the country's id; ``country_code`` its ISO 3166-1 alpha-2 code."""

    country_code = serializers.CharField(source="country.code", read_only=True)

    class Meta:
        model = Province
        fields = ["id", "name", "country", "country_code", "code"]
        read_only_fields = fields


class CitySerializer(serializers.ModelSerializer):
    province_name = serializers.CharField(source="province.name", read_only=True)

    class Meta:
        model = City
        fields = ["id", "name", "province", "province_name"]
        read_only_fields = fields


class AddressSerializer(serializers.ModelSerializer):
    """A user's address; ``province`` is read-only, always the city's province."""

    city = IdRelatedField(queryset=City.objects.select_related("province"))
    city_name = serializers.CharField(source="city.name", read_only=True)
    province = serializers.IntegerField(source="city.province_id", read_only=True)
    province_name = serializers.CharField(source="city.province.name", read_only=True)

    class Meta:
        model = Address
        fields = [
            "id",
            "city",
            "city_name",
            "province",
            "province_name",
            "label",
            "street",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]
