from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Consortium, District, Membership, User

# Django's admin classes are generic only in the stubs (no __class_getitem__ at run time).
if TYPE_CHECKING:
    _MembershipInline = admin.TabularInline[Membership, User]
    _UserAdmin = UserAdmin[User]
    _DistrictAdmin = admin.ModelAdmin[District]
else:
    _MembershipInline, _UserAdmin, _DistrictAdmin = admin.TabularInline, UserAdmin, admin.ModelAdmin


class MembershipInline(_MembershipInline):
    model = Membership
    extra = 0


@admin.register(User)
class VettedUserAdmin(_UserAdmin):
    inlines = [MembershipInline]
    list_display = ("email", "full_name", "is_active", "is_staff")
    fieldsets = (*UserAdmin.fieldsets, ("Vetted", {"fields": ("full_name", "position")}))  # type: ignore[misc]


@admin.register(District)
class DistrictAdmin(_DistrictAdmin):
    list_display = ("name", "slug", "state", "time_zone")
    search_fields = ("name", "slug")


admin.site.register(Consortium)
