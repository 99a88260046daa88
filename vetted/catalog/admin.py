from django.contrib import admin

from .models import DataElement, Resource, Subject, Vendor

# Decisions and audit events are changed only through services (audit trail), not the admin.
admin.site.register(Vendor)
admin.site.register(Resource)
admin.site.register(DataElement)
admin.site.register(Subject)
