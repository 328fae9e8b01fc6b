from rest_framework.pagination import PageNumberPagination

from .. import params

DEFAULT_PAGE_SIZE = 25


class TrackerPagination(PageNumberPagination):
    """Pages of 25 by default; ``page_size`` from 1 to 100. ``page`` and ``page_size`` are bound
    with the other parameters (``params.bind``): a bad one, or a page past the end, is a 400,
    rather than DRF's silent fallback to the default size.

    CSV exports the whole filtered list unless the client asks for a page."""

    page_size = DEFAULT_PAGE_SIZE
    max_page_size = params.MAX_PAGE_SIZE
    page_query_param = params.PAGE
    page_size_query_param = params.PAGE_SIZE
    page_query_description = "Page number, from 1 (default 1). A page past the end is a 400."
    page_size_query_description = (
        f"Results per page, from 1 to {params.MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}). Anything else is a 400."
    )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        bound = view.bound
        wants_csv = getattr(request.accepted_renderer, "format", None) == "csv"
        if wants_csv and bound.page is None and bound.page_size is None:
            return None
        # A view that can count its matches more cheaply than its queryset says so.
        count = view.matching_count() if hasattr(view, "matching_count") else None
        self.page = params.paginate(queryset, bound, self.page_size, count=count)
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            is_size = parameter["name"] == self.page_size_query_param
            parameter["schema"]["maximum"] = self.max_page_size if is_size else params.MAX_PAGE_NUMBER
        return parameters
