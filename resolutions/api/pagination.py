import re

from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PAGE_NUMBER = 999_999_999
DIGITS = re.compile(r"[0-9]{1,9}")


def _positive_integer(request, name, maximum):
    """The parameter as an integer from 1 to ``maximum``, None when absent; anything else is a 400."""
    text = request.query_params.get(name)
    if text is None:
        return None
    if not DIGITS.fullmatch(text) or not 1 <= int(text) <= maximum:
        raise ValidationError({name: [_("Enter a whole number from 1 to %(maximum)d.") % {"maximum": maximum}]})
    return int(text)


class TrackerPagination(PageNumberPagination):
    """Pages of 25 by default; ``page_size`` from 1 to 100. A bad ``page`` or ``page_size`` is a
    400 and a page past the end a 404, rather than DRF's silent fallback to the default size.

    CSV exports the whole filtered list unless the client asks for a page."""

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_query_description = "Page number, from 1 (default 1). A page past the end is a 404."
    page_size_query_description = (
        f"Results per page, from 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}). Anything else is a 400."
    )
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_number = _positive_integer(request, self.page_query_param, MAX_PAGE_NUMBER)
        page_size = _positive_integer(request, self.page_size_query_param, self.max_page_size)
        wants_csv = getattr(request.accepted_renderer, "format", None) == "csv"
        if wants_csv and page_number is None and page_size is None:
            return None
        paginator = self.django_paginator_class(queryset, page_size or self.page_size)
        try:
            self.page = paginator.page(page_number or 1)
        except InvalidPage:
            message = _("Page %(page)d does not exist; the last page is %(last)d.") % {
                "page": page_number,
                "last": paginator.num_pages,
            }
            raise NotFound({self.page_query_param: [message]}) from None
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            is_size = parameter["name"] == self.page_size_query_param
            parameter["schema"]["maximum"] = self.max_page_size if is_size else MAX_PAGE_NUMBER
        return parameters
