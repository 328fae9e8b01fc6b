"""Content negotiation: ``format=`` or the Accept header, with its q-values honoured; and the
language, always English."""

from django.http.request import MediaType
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class TrackerContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            accepted = ", ".join(renderer.format for renderer in renderers)
            message = _("Unknown format; this endpoint serves: %(formats)s.") % {"formats": accepted}
            raise ValidationError({"format": [message]})
        return matching

    def select_renderer(self, request, renderers, format_suffix=None):
        """DRF's choice, made first among the media types the client prefers: DRF ranks them by
        how specific they are and ignores q-values, so ``text/csv;q=0.9, application/json;q=0.1``
        gave JSON. Between equal q-values DRF's order stands (the most specific type first, then
        the endpoint's order of renderers); q=0 means "not this one"."""
        format = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if format:
            renderers = self.filter_renderers(renderers, format)
        accepted = [MediaType(token) for token in self.get_accept_list(request)]
        for quality in sorted({media_type.quality for media_type in accepted} - {0}, reverse=True):
            preferred = [media_type for media_type in accepted if media_type.quality == quality]
            for specificity in sorted({media_type.specificity for media_type in preferred}, reverse=True):
                for renderer in renderers:
                    for asked in preferred:
                        if asked.specificity == specificity and asked.match(renderer.media_type):
                            return renderer, accepted_media_type(renderer, asked)
        raise NotAcceptable(available_renderers=renderers)


def accepted_media_type(renderer, asked):
    """As DRF answers: the renderer's type when the client asked for a range such as ``*/*``."""
    if asked.specificity < 2:
        return ";".join((renderer.media_type, *(f"{key}={value}" for key, value in asked.params.items())))
    return str(asked)


class InEnglish:
    """Answers in English whatever the site's language: field names, descriptions and error
    messages in one language."""

    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            # Rendered here, not later by Django, so that HTML pages (browsable API, reference)
            # are in English too, as every other answer is.
            if hasattr(response, "render"):
                response.render()
        # LocaleMiddleware would otherwise label the response with the site's language.
        response.headers["Content-Language"] = "en"
        return response
