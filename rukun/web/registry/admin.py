from django.contrib import admin

from rukun.web.registry.models import District, Krt, State


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "population", "diversity")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("key", "name", "state", "population", "diversity")
    list_filter = ("state",)
    search_fields = ("name", "key")
    exclude = ("boundary",)


@admin.register(Krt)
class KrtAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "district", "population", "diversity", "is_generated")
    list_filter = ("is_generated", "district__state")
    search_fields = ("code", "name")
    raw_id_fields = ("district",)
