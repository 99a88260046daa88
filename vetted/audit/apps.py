from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.backends.signals import connection_created

from .db_guards import register_sqlite_function


class AuditConfig(AppConfig):
    name = "vetted.audit"
    label = "audit"

    def ready(self) -> None:
        from . import signins  # noqa: PLC0415  -- it imports models, which need the app registry ready

        connection_created.connect(register_sqlite_function, dispatch_uid="audit-sqlite-guard")
        user_logged_in.connect(signins.signed_in, dispatch_uid="audit-signed-in")
        user_login_failed.connect(signins.sign_in_failed, dispatch_uid="audit-sign-in-failed")
