import pytest
from django.core.cache import cache

from tests.curated_copy import curated_copy


@pytest.fixture(autouse=True)
def fresh_request_counts():
    # The throttles count in the cache and the response cache keeps pages there: each test
    # starts with it empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def curated(db):
    """The curated fixtures, loaded into the test database (``tests/curated_copy.py``)."""
    curated_copy.load()
