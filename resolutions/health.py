"""Probes for a load balancer or orchestrator. /healthz: the process answers (nothing else is
looked at). /readyz: the database answers, every migration is applied and, when REDIS_URL is
set, the cache answers. JSON, 200 when all is well, else 503 naming what failed."""

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Once this process has seen every migration applied, it does not look again: its code (and so
# its migrations) cannot change without a restart.
_migrations_seen_applied = False


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    checks = {"database": check_database(), "migrations": check_migrations()}
    if settings.REDIS_URL:
        checks["cache"] = check_cache()
    ready = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response.headers["Retry-After"] = "5"
    return response


def check_database():
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        return f"error: {type(error).__name__}: {str(error).strip()[:200]}"
    return "ok"


def check_migrations():
    global _migrations_seen_applied
    if _migrations_seen_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return f"error: {type(error).__name__}: {str(error).strip()[:200]}"
    if unapplied:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _backwards in unapplied[:5])
        return f"error: {len(unapplied)} unapplied ({names})"
    _migrations_seen_applied = True
    return "ok"


def check_cache():
    try:
        cache.set("readyz", "ok", timeout=10)
        if cache.get("readyz") != "ok":
            return "error: the cache did not return what was stored"
    except Exception as error:
        return f"error: {type(error).__name__}: {str(error).strip()[:200]}"
    return "ok"
