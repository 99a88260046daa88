"""The `vetted` console command: Django's manage.py, installed into the virtualenv."""

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vetted.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
