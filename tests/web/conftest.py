import datetime as dt

import pytest

from tests import factories


@pytest.fixture
def client(client):
    # The interface language is asserted in English unless a test asks for Vietnamese.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def many_tasks(db):
    """A few hundred generated tasks across agencies, documents, laws and quarters, with
    reports and evidence, to show that query counts do not grow with the data."""
    source = factories.make_source()
    agencies = [factories.make_agency() for _ in range(8)]
    documents = [factories.make_document() for _ in range(4)]
    laws = [factories.make_law() for _ in range(5)]
    for n in range(300):
        deadline = None if n % 10 == 0 else dt.date(2025, 1, 31) + dt.timedelta(days=11 * n)
        task = factories.make_task(
            deadline=deadline,
            lead_agency=agencies[n % 8] if n % 7 else None,
            document=documents[n % 4],
            deadline_as_stated=f"by day {n}",
        )
        task.coordinating_agencies.set([agencies[(n + 1) % 8], agencies[(n + 2) % 8]])
        task.laws.set([laws[n % 5]])
        factories.make_citation(source=source, task=task, excerpt=f"Task {n} is assigned.")
        if n % 3 == 0:
            report = factories.make_report(task=task, reported_on=dt.date(2025, 3, 1))
            factories.make_citation(source=source, report=report, excerpt=f"Task {n} is under way.")
        if n % 4 == 0 and deadline:
            completed_on = min(deadline, dt.date(2025, 6, 30))
            factories.make_report(task=task, completed_on=completed_on, reported_on=dt.date(2025, 6, 30))
    return {"agencies": agencies, "documents": documents, "laws": laws, "source": source}
