"""The filter backend of every list: the FilterSet the view bound in ``initial``, applied to the
view's queryset (django-filter's backend class, so the schema lists the filters as usual)."""

from django_filters.rest_framework import DjangoFilterBackend


class BoundFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = view.bound.filterset
        return queryset if filterset is None else filterset.filter_queryset(queryset)
