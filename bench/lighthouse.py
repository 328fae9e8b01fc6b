"""Lighthouse's four scores for every kind of page, desktop and mobile, in Vietnamese and English.

Runs ``npx lighthouse@12.2.3`` against a running site in Debian's Chromium and prints one row per
page, form factor and language. Serve the curated data first, for example:

    .venv/bin/python manage.py load_curated
    .venv/bin/python manage.py runserver 127.0.0.1:8500
    .venv/bin/python bench/lighthouse.py --base-url http://127.0.0.1:8500

``--path /api/`` (repeatable) limits the run to some pages; ``--form-factor`` and ``--language``
to one of each. ``--runs 3`` scores each page three times and prints the median of each category,
as Lighthouse advises: the performance score on a busy machine moves by several points between
runs (Lighthouse simulates a slower phone by multiplying the CPU time it measures). The load
average is printed first for that reason. Exits non-zero when a score is below 100.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

LIGHTHOUSE = "lighthouse@12.2.3"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["desktop", "mobile"]
LANGUAGES = ["vi", "en"]
ATTEMPTS = 3
PAGES = [
    "/vi/",
    "/vi/tasks/",
    "/vi/tasks/?status=overdue",
    "/vi/tasks/guidance-on-provincial-st-agencies/",
    "/vi/laws/",
    "/vi/laws/law-on-digital-technology-industry/",
    "/vi/documents/",
    "/vi/documents/resolution-57-nq-tw/",
    "/vi/agencies/",
    "/vi/agencies/ministry-of-science-and-technology/",
    "/vi/sources/",
    "/vi/search/?q=57",
    "/api/",
    "/api/tasks/",
    "/api/docs/",
    "/admin/login/",
]


def lighthouse_scores(url, form_factor, language):
    """The four category scores (0-100) of one Lighthouse run, and the failed audits' ids."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [
            "npx",
            "-y",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--extra-headers={json.dumps({'Accept-Language': language})}",
        ]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        # Lighthouse now and then loses the trace of a load (NO_NAVSTART) on a busy machine: try again.
        for attempt in range(ATTEMPTS):
            finished = subprocess.run(command, env=environment, stdout=subprocess.DEVNULL)
            if finished.returncode == 0:
                break
            print(f"Lighthouse failed on {url} ({form_factor}, {language}), attempt {attempt + 1}", file=sys.stderr)
        else:
            raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")
        result = json.loads(report.read_text())
    scores = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failed = sorted(
        {
            ref["id"]
            for name in CATEGORIES
            for ref in result["categories"][name]["auditRefs"]
            if ref["weight"] and (result["audits"][ref["id"]]["score"] or 0) < 1
        }
    )
    return scores, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8500")
    parser.add_argument("--path", action="append", help="a page to score (repeatable; default: all)")
    parser.add_argument("--form-factor", choices=FORM_FACTORS, action="append")
    parser.add_argument("--language", choices=LANGUAGES, action="append")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median score is printed")
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")

    print("Load average at start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))

    below = 0
    print("| page | form factor | language | performance | accessibility | best practices | SEO | failed audits |")
    print("|---|---|---|---|---|---|---|---|")
    for path in arguments.path or PAGES:
        for form_factor in arguments.form_factor or FORM_FACTORS:
            for language in arguments.language or LANGUAGES:
                # A page of the site is scored in the language of its address.
                url = arguments.base_url + re.sub(r"^/(vi|en)/", f"/{language}/", path)
                runs = [lighthouse_scores(url, form_factor, language) for _ in range(arguments.runs)]
                scores = {name: statistics.median_low(run[name] for run, _ in runs) for name in CATEGORIES}
                failed = sorted({audit for _, failed_audits in runs for audit in failed_audits})
                below += any(score < 100 for score in scores.values())
                cells = " | ".join(str(scores[name]) for name in CATEGORIES)
                shown = url.removeprefix(arguments.base_url)
                print(f"| `{shown}` | {form_factor} | {language} | {cells} | {', '.join(failed)} |", flush=True)
    if below:
        print(f"{below} run(s) scored below 100 in some category.", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
