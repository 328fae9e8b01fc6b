"""django-filter's backend, with each error followed by what the parameter accepts."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class ExplainingFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.valid_filterset(request, queryset, view)
        return queryset if filterset is None else filterset.qs

    def valid_filterset(self, request, queryset, view):
        """The view's FilterSet bound to the request, validated (else a 400); None without one."""
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None and not filterset.is_valid():
            errors = {}
            for name, messages in filterset.errors.items():
                hint = accepted_values(filterset.filters.get(name))
                errors[name] = [*messages, hint] if hint else list(messages)
            raise ValidationError(errors)
        return filterset


# The API list of each model a filter names by slug, by the router's basename.
BASENAMES = {"lawreviewlist": "review-list", "progressreport": "report"}


def accepted_values(filter_):
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        model_name = filter_.queryset.model._meta.model_name
        return _("Accepted: the slug of an existing %(model)s, as listed at %(url)s.") % {
            "model": filter_.queryset.model._meta.verbose_name,
            "url": reverse(f"api:{BASENAMES.get(model_name, model_name)}-list"),
        }
    if isinstance(filter_, django_filters.DateFilter):
        return _("Accepted: a date as YYYY-MM-DD, e.g. 2025-06-30.")
    if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.MultipleChoiceFilter)):
        values = [str(value) for value, _label in filter_.field.choices if value != ""]
        return _("Accepted: %(values)s.") % {"values": ", ".join(values)}
    return None
