from django.contrib import admin

from locations.models import Address, City, Country, Province


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "id"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "country", "id"]
    list_select_related = ["country"]
    search_fields = ["name", "code", "country__name", "country__code"]
    list_filter = ["country"]
    autocomplete_fields = ["country"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "country", "id"]
    list_select_related = ["province__country"]
    search_fields = ["name", "province__name"]
    list_filter = [("province__country", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["province"]

    @admin.display(ordering="province__country__name")
    def country(self, obj):
        return obj.province.country


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "label", "street", "city", "province", "created_at"]
    list_select_related = ["user", "city__province"]
    search_fields = ["street", "label", "user__username", "user__email", "city__name"]
    list_filter = ["created_at"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["city"]
    date_hierarchy = "created_at"

    @admin.display(ordering="city__province__name")
    def province(self, obj):
        return obj.city.province
