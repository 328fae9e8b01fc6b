"""Fault and load test of the production configuration (README, "Production").

64 concurrent clients request site pages and the API for 30 s through gunicorn (3 workers) while
an editor saves records in the admin; one worker is killed (SIGKILL) and PostgreSQL is restarted.
The database is a throwaway PostgreSQL cluster of its own (initdb under /tmp, port 8454), so the
restart touches no one else's; `--outage proxy` instead cuts a TCP proxy in front of an existing
server (DATABASE_URL), which is what a restart looks like from the site.

Prints requests, connection errors, answers by status, 5xx other than 503, the 503 window, how
long after the database's return the site answered again, and whether every admin write that was
acknowledged is in the database.

    .venv/bin/python bench/faults.py [--clients 64] [--seconds 30] [--port 8420]
"""

import argparse
import collections
import contextlib
import html.parser
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from http_client import Client
from production_server import ROOT, create_admin, manage, prepare, production_env, start_gunicorn, stop, worker_pids

sys.path.insert(0, str(ROOT))

from tests.prod.faultproxy import CuttableProxy  # noqa: E402

PATHS = [
    "/vi/",
    "/vi/tasks/",
    "/vi/tasks/?status=overdue",
    "/vi/laws/",
    "/vi/documents/",
    "/vi/agencies/",
    "/vi/sources/",
    "/vi/search/?q=luat",
    "/api/tasks/",
    "/api/laws/",
    "/api/agencies/",
    "/vi/tasks.csv",
]
PG_PORT = 8454


class ThrowawayCluster:
    """A PostgreSQL cluster of its own under /tmp, run as the postgres user."""

    def __init__(self, port):
        self.port = port
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.directory = Path(tempfile.mkdtemp(prefix="tracker-faults-pg-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.data = self.directory / "data"
        self.as_postgres(self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *map(str, command)], check=True, capture_output=True)

    def pg_ctl(self, *arguments):
        self.as_postgres(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.directory / "log",
            "-w",
            "-o",
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1",
            *arguments,
        )

    def start(self):
        self.pg_ctl("start")

    def stop(self):
        self.pg_ctl("stop", "-m", "fast")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"


class FormFields(html.parser.HTMLParser):
    """The fields a browser would submit from the page's main form."""

    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attributes):
        attributes = dict(attributes)
        name = attributes.get("name")
        if tag == "input" and name and attributes.get("type") not in ("submit", "checkbox", "radio", "file"):
            self.fields.setdefault(name, attributes.get("value") or "")
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields[self.select] = attributes.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.answers = []  # (time, status, seconds, path)
        self.errors = collections.Counter()
        self.writes = []  # (time, slug, status)

    def answer(self, moment, status, seconds, path):
        with self.lock:
            self.answers.append((moment, status, seconds, path))

    def error(self, kind):
        with self.lock:
            self.errors[kind] += 1


def reader(port, number, deadline, start, results):
    client = Client(port, address=f"198.51.100.{number % 250 + 1}", timeout=15)
    index = number
    while time.monotonic() < deadline:
        path = PATHS[index % len(PATHS)]
        index += 1
        began = time.monotonic()
        try:
            response, _content = client.get(path)
        except OSError as error:
            results.error(type(error).__name__)
            time.sleep(0.05)
            continue
        finished = time.monotonic()
        # Placed on the timeline when answered: a request may wait in gunicorn's queue for seconds.
        results.answer(finished - start, response.status, finished - began, path)


def editor(port, password, deadline, start, results):
    """Adds one agency every 0.3 s through the admin's add form; notes what each save answered
    (302: saved)."""
    client = Client(port, address="198.51.100.250", timeout=15)
    number = 0
    logged_in = False
    form = None
    while time.monotonic() < deadline:
        if not logged_in:
            try:
                logged_in = client.log_in("faults-admin", password)
            except (OSError, AttributeError) as error:  # no answer, or a 503 page without the form
                results.error(f"editor login: {type(error).__name__}")
            if not logged_in:
                results.error(f"editor login refused {getattr(client, 'last_login_answer', None)}")
                time.sleep(0.3)
                continue
        if form is None:
            with contextlib.suppress(OSError):
                response, content = client.get("/admin/resolutions/agency/add/")
                if response.status == 200:
                    form = FormFields()
                    form.feed(content.decode())
            continue
        # One POST per save, with the form's fields as first served (the CSRF token stays valid).
        number += 1
        slug = f"faults-agency-{number}"
        fields = {**form.fields, "slug": slug, "name": f"Faults agency {number}", "kind": "ministry"}
        try:
            response, _ = client.post("/admin/resolutions/agency/add/", {**fields, "_save": "Save"})
            results.writes.append((time.monotonic() - start, slug, response.status))
        except OSError as error:
            results.writes.append((time.monotonic() - start, slug, type(error).__name__))
        time.sleep(0.3)


def summarise(results, events, database_url, env):
    answers = sorted(results.answers)
    by_status = collections.Counter(status for _moment, status, _seconds, _path in answers)
    other_5xx = {status: count for status, count in by_status.items() if status >= 500 and status != 503}
    unavailable = [moment for moment, status, _seconds, _path in answers if status == 503]
    print(
        f"requests answered: {len(answers)}  connection errors: {sum(results.errors.values())} {dict(results.errors)}"
    )
    print(f"answers by status: {dict(sorted(by_status.items()))}")
    print(f"5xx other than 503: {sum(other_5xx.values())} {other_5xx}")
    for name, moment in events.items():
        print(f"event {name}: t={moment:.2f} s")
    if unavailable:
        print(f"503s: {len(unavailable)}, from t={unavailable[0]:.2f} s to t={unavailable[-1]:.2f} s")
    latencies = sorted(seconds for _moment, _status, seconds, _path in answers)
    if latencies:
        print(
            f"latency: median {latencies[len(latencies) // 2] * 1000:.0f} ms, "
            f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
        )
    back = events.get("database back")
    if back is not None:
        after = [(moment, status) for moment, status, _seconds, _path in answers if moment >= back]
        last_503 = max((moment for moment, status in after if status == 503), default=None)
        first_200 = min((moment for moment, status in after if status == 200), default=None)
        recovered = (last_503 - back) if last_503 is not None else 0.0
        first = f"+{first_200 - back:.2f} s" if first_200 is not None else "never"
        print(f"after the database's return: first 200 at {first}, last 503 at +{recovered:.2f} s")
    acknowledged = [slug for _moment, slug, status in results.writes if status == 302]
    refused = collections.Counter(str(status) for _moment, _slug, status in results.writes if status != 302)
    found = manage(
        env,
        "shell",
        "-c",
        "from resolutions.models import Agency; "
        "print('\\n'.join(Agency.objects.filter(slug__startswith='faults-agency-').values_list('slug', flat=True)))",
    ).stdout.split()
    lost = sorted(set(acknowledged) - set(found))
    print(
        f"admin writes: {len(results.writes)} tried, {len(acknowledged)} acknowledged (302), "
        f"refused {dict(refused)}, lost {len(lost)} {lost[:5]}"
    )
    ok = (
        not other_5xx
        and not lost
        and acknowledged
        and (back is None or (first_200 is not None and (not unavailable or unavailable[-1] - back <= 5)))
    )
    print("TARGET MET" if ok else "TARGET MISSED")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--outage", choices=["restart", "proxy"], default="restart")
    parser.add_argument("--outage-seconds", type=float, default=3, help="how long the database stays down")
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tracker-faults-"))
    cluster = proxy = server = None
    try:
        if options.outage == "restart":
            cluster = ThrowawayCluster(PG_PORT)
            cluster.start()
            database_url = cluster.url
        else:
            upstream = os.environ["DATABASE_URL"]
            host_port, database = upstream.rsplit("@", 1)[1].split("/", 1)
            proxy = CuttableProxy(int(host_port.rsplit(":", 1)[1]), port=PG_PORT)
            database_url = f"{upstream.rsplit('@', 1)[0]}@127.0.0.1:{PG_PORT}/{database}"
        env = production_env(
            database_url,
            options.redis_url,
            options.port,
            work / "static",
            # Every client comes through one proxy in this test; the limits are tested elsewhere.
            SITE_RATE="1000000/minute",
            API_ANON_RATE="1000000/minute",
            GUNICORN_ACCESS_LOG=str(work / "access.log"),
        )
        print(f"preparing the production configuration (database {database_url}) ...", flush=True)
        prepare(env)
        password = create_admin(env, "faults-admin", "faults@example.org")
        manage(
            env,
            "shell",
            "-c",
            "from resolutions.models import Agency; Agency.objects.filter(slug__startswith='faults-agency-').delete()",
        )
        server = start_gunicorn(env, work / "gunicorn.log")
        print(f"gunicorn up (workers {worker_pids(server)}); {options.clients} clients for {options.seconds:.0f} s")

        results = Results()
        start = time.monotonic()
        deadline = start + options.seconds
        threads = [
            threading.Thread(target=reader, args=(options.port, number, deadline, start, results))
            for number in range(options.clients)
        ]
        threads.append(threading.Thread(target=editor, args=(options.port, password, deadline, start, results)))
        for thread in threads:
            thread.start()
        events = {}

        def at(moment):
            time.sleep(max(0, start + moment - time.monotonic()))

        at(options.seconds * 0.25)
        victim = worker_pids(server)[0]
        os.kill(victim, signal.SIGKILL)
        events["worker killed"] = time.monotonic() - start
        at(options.seconds * 0.4)
        events["database down"] = time.monotonic() - start
        if cluster:
            cluster.stop()
        else:
            proxy.cut()
        time.sleep(options.outage_seconds)
        if cluster:
            cluster.start()
        else:
            proxy.restore()
        events["database back"] = time.monotonic() - start
        for thread in threads:
            thread.join()
        ok = summarise(results, events, database_url, env)
        log = (work / "gunicorn.log").read_text()
        causes = collections.Counter(
            re.sub(r"\d+", "N", line.split("Error: ", 1)[1])[:90]
            for line in log.splitlines()
            if line.startswith(("django.db.utils.", "psycopg.")) and "Error: " in line
        )
        print(f"server log: {log.count('Traceback')} tracebacks; causes: {dict(causes.most_common(5))}")
        sys.exit(0 if ok else 1)
    finally:
        if server:
            stop(server)
        if proxy:
            proxy.close()
        if cluster:
            cluster.remove()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
