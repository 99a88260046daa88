from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Consortium, District, Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class VettedUserAdmin(UserAdmin):
    inlines = [MembershipInline]
    list_display = ("email", "full_name", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, ("Vetted", {"fields": ("full_name", "position")}))  # type: ignore[misc]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "state", "time_zone")
    search_fields = ("name", "slug")


admin.site.register(Consortium)
