import pytest
from django.core.management import call_command


@pytest.fixture
def curated(db):
    """The curated fixtures, loaded into the test database."""
    call_command("load_curated", verbosity=0)
