"""ASGI entry point. Debug is off here unless DJANGO_DEBUG=1 asks for it (see tracker/wsgi.py)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_asgi_application()
