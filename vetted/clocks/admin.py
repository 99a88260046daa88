from django.contrib import admin

from .models import ClosureDay

# Obligations change only through services (audit trail); closure days may be listed here too.
admin.site.register(ClosureDay)
