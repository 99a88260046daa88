from typing import Any

from django.core.management.base import BaseCommand

from vetted.site.demo import seed_demo


class Command(BaseCommand):
    help = "Create the fictional demo district, its catalogue and one user per role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = seed_demo()
        d = result.district
        self.stdout.write(
            f"Demo district: {d.name} (/d/{d.slug}/resources/)" + (" — created" if result.created else "")
        )
        self.stdout.write("Sign in at http://127.0.0.1:8000/accounts/login/ with:")
        for email, password, role in result.users:
            self.stdout.write(f"  {role:<20} {email:<34} password: {password}")
