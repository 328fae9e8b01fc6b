"""The README's table of environment variables names every variable the settings and the gunicorn
configuration read, and nothing they do not."""

import re

from django.conf import settings

READ = re.compile(r"""(?:envbool|envint|envlist|envstr|environ\.get|environ\[)\(?\s*["']([A-Z][A-Z0-9_]+)["']""")


def variables_read():
    names = set()
    for path in ["tracker/settings.py", "gunicorn.conf.py"]:
        names |= set(READ.findall((settings.BASE_DIR / path).read_text()))
    return names


def variables_documented():
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("### Environment", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])}


def test_every_environment_variable_is_in_the_readme_table():
    read = variables_read()
    assert "DATABASE_STATEMENT_TIMEOUT_MS" in read and "WEB_CONCURRENCY" in read
    assert read == variables_documented()
