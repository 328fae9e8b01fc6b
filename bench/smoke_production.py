"""Smoke test of the production configuration, run by .ci/run: PostgreSQL, Redis, collectstatic,
`check --deploy` without a warning, gunicorn with gunicorn.conf.py; then key pages, /healthz,
/readyz, a 404, the security headers and the access log. Exits non-zero naming each failure.

    .venv/bin/python bench/smoke_production.py --database-url postgres://postgres@127.0.0.1:5432/smoke \
        --redis-url redis://127.0.0.1:6379/12 --port 8410
"""

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from http_client import Client
from production_server import create_admin, prepare, production_env, start_gunicorn, stop

failures = []


def check(what, condition, detail=""):
    print(f"{'ok  ' if condition else 'FAIL'} {what}" + (f" ({detail})" if detail and not condition else ""))
    if not condition:
        failures.append(what)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    parser.add_argument("--port", type=int, default=8410)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tracker-smoke-"))
    env = production_env(options.database_url, options.redis_url, options.port, work / "static")
    deploy_output = prepare(env)
    check("check --deploy prints no warning", "WARNING" not in deploy_output, deploy_output)
    password = create_admin(env, "smoke-admin", "smoke@example.org")

    log_path = work / "gunicorn.log"
    server = start_gunicorn(env, log_path)
    try:
        run_checks(Client(options.port), options.port, log_path, password)
    finally:
        stop(server)
    log = log_path.read_text()
    check("no traceback in the server log", "Traceback" not in log, log[-2000:])
    print(f"\n{len(failures)} failure(s)" if failures else "\nproduction smoke test passed")
    sys.exit(1 if failures else 0)


def run_checks(client, port, log_path, password):
    response, content = client.get("/healthz")
    check("/healthz is 200 JSON", response.status == 200 and json.loads(content)["status"] == "ok", content)
    response, content = client.get("/readyz")
    body = json.loads(content)
    check(
        "/readyz is 200 with database, migrations and cache ok",
        response.status == 200 and body["checks"] == {"database": "ok", "migrations": "ok", "cache": "ok"},
        content,
    )
    for path in [
        "/vi/",
        "/vi/tasks/",
        "/vi/laws/",
        "/vi/documents/",
        "/vi/agencies/",
        "/vi/sources/",
        "/vi/search/?q=57",
        "/vi/tasks.csv",
        "/vi/tasks.ics",
        "/vi/tasks.atom",
        "/api/",
        "/api/tasks/",
        "/api/schema/",
        "/api/docs/",
        "/admin/login/",
    ]:
        response, content = client.get(path)
        check(f"{path} is 200", response.status == 200, response.status)
        csp = response.headers.get("Content-Security-Policy", "")
        check(f"{path} has a strict CSP", "default-src 'none'" in csp and "unsafe-inline" not in csp, csp)
    response, _ = client.get("/")
    check("the root redirects to the Vietnamese pages", response.status == 302, response.status)
    check("to /vi/", response.headers.get("Location", "").endswith("/vi/"), response.headers.get("Location"))
    response, content = client.get("/vi/")
    headers = response.headers
    check("HSTS", headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), headers)
    check("nosniff", headers.get("X-Content-Type-Options") == "nosniff")
    check("X-Frame-Options DENY", headers.get("X-Frame-Options") == "DENY")
    check("Referrer-Policy", headers.get("Referrer-Policy") == "same-origin")
    request_id = headers.get("X-Request-ID", "")
    check("a request id", len(request_id) >= 8, headers)
    check("no debug page", b"URLconf" not in client.get("/vi/no-such-page/")[1])
    response, content = client.get("/vi/no-such-page/")
    check("an unknown page is a 404 HTML page", response.status == 404 and b"<html" in content, response.status)
    response, content = client.get("/api/no-such-endpoint/")
    check("an unknown API path is a 404 JSON", response.status == 404 and b'"errors"' in content, content[:200])
    # "a&a&…": 1,100 fields within gunicorn's 4,094-byte request line.
    response, content = client.get("/?" + "&".join("a" * 1100))
    check("1,100 parameters are a 400", response.status == 400, response.status)
    response, content = client.get("/vi/tasks/?fbclid=abc&utm_source=x")
    check("tracking parameters are ignored and dropped from links", response.status == 200 and b"fbclid" not in content)
    response, _ = client.get("/static/css/site.css")
    check("static files served by whitenoise", response.status == 200, response.status)
    site_css = [line for line in client.get("/vi/")[1].decode().splitlines() if "stylesheet" in line]
    check(
        "static files have hashed names",
        site_css and "site." in site_css[0] and ".css" in site_css[0] and "site.css" not in site_css[0],
        site_css,
    )
    plain = Client(port)
    plain_response, _ = plain.get("/", headers={"X-Forwarded-Proto": "http"})
    check(
        "plain HTTP is redirected to HTTPS",
        plain_response.status == 301 and plain_response.headers["Location"].startswith("https://"),
        plain_response.status,
    )
    check("an editor logs in", client.log_in("smoke-admin", password))
    response, content = client.get("/admin/resolutions/progressreport/")
    check("the admin's report list opens", response.status == 200, response.status)
    report_ids = re.findall(rb"/admin/resolutions/progressreport/(\d+)/change/", content)
    response, _ = client.get(f"/admin/resolutions/progressreport/{report_ids[0].decode()}/history/")
    check("a report's history page opens", response.status == 200, response.status)
    log = log_path.read_text()
    check("the access log carries the request id", f"id={request_id}" in log, log[-1000:])


if __name__ == "__main__":
    main()
