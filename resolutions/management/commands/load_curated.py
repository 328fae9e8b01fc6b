from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


def curated_fixture_paths():
    return sorted(FIXTURES_DIR.glob("*.yaml"))


class Command(BaseCommand):
    help = (
        "Load the curated fixtures (fixtures/*.yaml, in file-name order). Safe to run again: records "
        "are matched by natural key, so a reload updates them and leaves editors' additions alone."
    )

    def handle(self, *args, **options):
        paths = curated_fixture_paths()
        if not paths:
            raise CommandError(f"No curated fixtures found in {FIXTURES_DIR}.")
        call_command("loaddata", *[str(path) for path in paths], verbosity=options["verbosity"])
