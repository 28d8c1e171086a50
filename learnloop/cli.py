"""The `learnloop` console script: every Django management command, with hyphens allowed.

`learnloop import-framework FILE` is `manage.py import_framework FILE`.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learnloop.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
