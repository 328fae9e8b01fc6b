"""The language is in the address: ``/vi/...`` and ``/en/...`` for the public site.

A shared link opens in the sharer's language, and a page depends on nothing but its address, so
it sets no cookie and any cache can store it. ``/`` and any other address without a language
redirect (302, ``Vary: Accept-Language``) to the same page in the reader's language, taken from
``Accept-Language`` alone (Vietnamese when it names neither language). The API, the health
checks, robots.txt and the favicon stay unprefixed; the API's links to the website point to the
pages in the API request's language. The admin keeps its own language switch (a cookie).
"""

from django.conf import settings
from django.middleware import locale
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# Unprefixed addresses that keep Django's choice of language (its cookie included): the admin
# and its language switch.
COOKIE_LANGUAGE_PREFIXES = ("/admin/", "/i18n/")


def accept_language(request):
    """The first supported language the request's ``Accept-Language`` names, else the default."""
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def request_language(request):
    """The language a request is answered in (the address's, else ``accept_language``)."""
    return getattr(request, "LANGUAGE_CODE", None) or accept_language(request)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with the language of an unprefixed address (the API, and the redirect of a
    public address to its prefixed form) read from ``Accept-Language`` only, never a cookie:
    the redirect and the API answer vary on that header alone."""

    def process_request(self, request):
        if translation.get_language_from_path(request.path_info) or request.path_info.startswith(
            COOKIE_LANGUAGE_PREFIXES
        ):
            return super().process_request(request)
        translation.activate(accept_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        request.language_from_header = True

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if getattr(request, "language_from_header", False) and response.has_header("Vary"):
            # Django's redirect says it varies on Cookie too, which this one never reads.
            kept = [name.strip() for name in response["Vary"].split(",") if name.strip().lower() != "cookie"]
            response["Vary"] = ", ".join(kept)
        return response


def web_url(request, record):
    """The absolute address of ``record``'s page in the request's language."""
    with translation.override(request_language(request)):
        path = record.get_absolute_url()
    return request.build_absolute_uri(path) if request is not None else path


def language_links(request):
    """Template context: the same page in every language (``language_links``, each with its
    absolute ``href`` for ``hreflang``) and the unprefixed address (``x_default_href``), which
    redirects by ``Accept-Language``. Empty on a page whose address has no language (an error
    page at an unprefixed address, the admin)."""
    current = translation.get_language_from_path(request.path_info)
    if not current:
        return {"language_links": [], "x_default_href": ""}
    rest = request.path_info[len(current) + 2 :]
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    prefix = get_script_prefix()
    links = []
    for code, _name in settings.LANGUAGES:
        url = f"{prefix}{code}/{rest}{suffix}"
        info = translation.get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": url,
                "href": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return {"language_links": links, "x_default_href": request.build_absolute_uri(f"{prefix}{rest}{suffix}")}
