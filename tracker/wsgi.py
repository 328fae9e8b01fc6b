"""WSGI entry point (gunicorn tracker.wsgi). Debug is off here unless DJANGO_DEBUG=1 asks for it:
a server started with no environment refuses to start for want of a secret key rather than
showing tracebacks to the world."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DJANGO_DEBUG", "0")

application = get_wsgi_application()
