import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from resolutions.models import Citation

SOURCE_LINE = re.compile(r"^Source:\s*(?P<url>\S+)\s*$", re.MULTILINE)


def collapse_whitespace(text):
    return " ".join(text.split())


def read_archive(directory):
    """Map each archived article's Source URL to its text, whitespace collapsed."""
    articles = {}
    for path in sorted(Path(directory).glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        match = SOURCE_LINE.search(text)
        if match:
            articles[match["url"]] = collapse_whitespace(text)
    return articles


class Command(BaseCommand):
    help = (
        "Check that every citation's excerpt occurs verbatim (whitespace collapsed) in the archived "
        "text of its source. DIR holds the articles as .txt files, each with a 'Source: URL' line."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Folder of archived articles (*.txt).")

    def handle(self, *args, directory, **options):
        if not Path(directory).is_dir():
            raise CommandError(f"{directory} is not a folder.")
        articles = read_archive(directory)
        if not articles:
            raise CommandError(f"No article with a 'Source: URL' line found in {directory}.")
        failures = 0
        citations = Citation.objects.select_related("source").order_by("key")
        for citation in citations:
            article = articles.get(citation.source.url)
            if article is None:
                problem = f"no archived article for {citation.source.url}"
            elif collapse_whitespace(citation.excerpt) not in article:
                problem = "excerpt not found verbatim in the article"
            else:
                continue
            failures += 1
            self.stderr.write(f"FAIL {citation.key} ({citation.source.slug}): {problem}\n  “{citation.excerpt}”")
        checked = citations.count()
        if failures:
            raise CommandError(f"{failures} of {checked} citations failed verification.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} citations occur verbatim in their sources."))
