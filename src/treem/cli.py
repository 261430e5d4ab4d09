"""The `treem` command: Django's management commands with a friendlier entry point.

treem demo             set up demo accounts and print them
treem geo load|stats   administrative units
treem serve            run the development server
treem worker           run the background task worker
"""

from __future__ import annotations

import os
import sys

ALIASES = {"serve": "runserver", "worker": "db_worker"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "treem.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] in ALIASES:
        args[1] = ALIASES[args[1]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
