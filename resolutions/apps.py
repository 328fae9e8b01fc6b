from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resolutions"
    verbose_name = _("Resolution 57 tracker")

    def ready(self):
        from . import response_cache, search, status

        status.connect()
        search.connect()
        response_cache.connect()
