from typing import Any

from django.contrib import admin

from .models import DataElement, Resource, Subject, Vendor

# Decisions and audit events are changed only through services (audit trail), not the admin.
# Vendors and resources are shown by districts' public registries, so they change only through
# catalog.governance (docs/adr/0001-shared-catalogue-governance.md): read-only here.


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


admin.site.register(Vendor, ReadOnlyAdmin)
admin.site.register(Resource, ReadOnlyAdmin)
admin.site.register(DataElement)
admin.site.register(Subject)
