import pytest
from django.utils import translation

from bench.generate import generate


@pytest.fixture
def client(client):
    # The interface language is asserted in English unless a test asks for Vietnamese.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture(autouse=True)
def english_addresses():
    # Addresses reversed in a test (reverse(), get_absolute_url()) are the English pages, which
    # the client asks for; a test about Vietnamese pages overrides the language.
    with translation.override("en"):
        yield


@pytest.fixture
def many_tasks(db):
    """300 generated tasks across agencies, documents, laws and quarters, with reports and
    evidence (``bench/generate.py``), to show that query counts do not grow with the data."""
    generated = generate(300)
    return {
        "agencies": generated.agencies,
        "documents": generated.documents,
        "laws": generated.laws,
        "source": generated.source,
    }
