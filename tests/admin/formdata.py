"""Building the POST data of admin change forms in tests, as a browser would send it, and the
change pages' addresses."""

from django.urls import reverse

from resolutions.deadlines import DatePrecision


def change_url(obj):
    """The admin change page of a tracker record."""
    return reverse(f"admin:resolutions_{obj._meta.model_name}_change", args=[obj.pk])


def form_data(response):
    """The POST data a browser would send back for an admin change form, inlines included."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)
    return data


def add_inline_row(data, prefix, **fields):
    """Append one new row to the inline formset ``prefix`` in the POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def add_report_row(data, status, statement, reported_on, completed_on="", prefix="progress_reports", **evidence):
    """Append one progress report to a form's reports inline; a completion date is to the day.
    ``evidence`` gives its ``evidence_source`` and ``evidence_excerpt`` (a report needs both)."""
    precision = DatePrecision.DAY if completed_on else DatePrecision.NONE
    return add_inline_row(
        data,
        prefix,
        status=status,
        statement=statement,
        reported_on=reported_on,
        completed_on=completed_on,
        completed_on_precision=precision,
        **evidence,
    )
