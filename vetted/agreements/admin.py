from django.contrib import admin

from .models import ClosureDay

# Agreements and obligations change only through services (audit trail), not the admin.
admin.site.register(ClosureDay)
