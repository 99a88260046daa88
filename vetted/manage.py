"""The `vetted` console command: Django's manage.py, installed into the virtualenv."""

import os
import sys

# Commands that run before django.setup(): they need no app registry unless their own options ask
# for the database (they then set Django up themselves). Start-up is most of their run time.
LIGHT_COMMANDS = frozenset({"review_contract"})


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    if len(sys.argv) > 2 and sys.argv[1] in LIGHT_COMMANDS:
        from vetted.agreements.management.commands.review_contract import (  # noqa: PLC0415 — the light path only
            Command,
        )

        Command().run_from_argv(sys.argv)
        return
    from django.core.management import execute_from_command_line  # noqa: PLC0415 — not on the light path

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
