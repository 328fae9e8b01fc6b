"""The API reference page: the OpenAPI schema drf-spectacular generates, as plain HTML.

Swagger UI and ReDoc are single-page apps of 1 to 1.6 MB of JavaScript; this page carries the
same schema as server-rendered HTML (the schema itself stays at /api/schema/ for any viewer).
"""

import functools

from django.utils import translation
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response

from .schema import DocsView

COMPONENT_PREFIX = "#/components/schemas/"


@functools.cache
def english_schema():
    """The public schema, generated once per process: it changes only with the code."""
    with translation.override("en"):
        return spectacular_settings.DEFAULT_GENERATOR_CLASS().get_schema(request=None, public=True)


def type_of(schema):
    """A short description of a JSON schema: ``string (date)``, ``array of Law``, ``one of: a, b``."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(COMPONENT_PREFIX)
    if "allOf" in schema:
        return " and ".join(type_of(part) for part in schema["allOf"])
    if "oneOf" in schema:
        return " or ".join(type_of(part) for part in schema["oneOf"])
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"] if value not in ("", None))
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {type_of(schema.get('items', {}))}"
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def operations(schema):
    """Each path's operations, in the schema's order, with their parameters and responses."""
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield {
                "id": operation["operationId"],
                "method": method.upper(),
                "path": path,
                "tag": (operation.get("tags") or [""])[0],
                "description": operation.get("description", ""),
                "parameters": [
                    {
                        "name": parameter["name"],
                        "location": parameter["in"],
                        "required": parameter.get("required", False),
                        "type": type_of(parameter.get("schema", {})),
                        "description": parameter.get("description", ""),
                    }
                    for parameter in operation.get("parameters", [])
                ],
                "responses": [
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "types": sorted(
                            f"{media}: {type_of(body['schema'])}" for media, body in response.get("content", {}).items()
                        ),
                    }
                    for status, response in operation["responses"].items()
                ],
            }


def shared_by_all(operations, key, identity):
    """The items (parameters or responses) every operation has alike, listed once on the page."""
    common = None
    for operation in operations:
        keys = {identity(item) for item in operation[key]}
        common = keys if common is None else common & keys
    return [item for item in operations[0][key] if identity(item) in (common or set())] if operations else []


def without(items, shared, identity):
    shared_keys = {identity(item) for item in shared}
    return [item for item in items if identity(item) not in shared_keys]


def parameter_identity(parameter):
    return (parameter["name"], parameter["location"], parameter["description"])


def response_identity(response):
    return (response["status"], response["description"], tuple(response["types"]))


def record_types(schema):
    """The components' fields: name, type, whether it may be null, and the help text."""
    for name, component in schema.get("components", {}).get("schemas", {}).items():
        yield {
            "name": name,
            "description": component.get("description", ""),
            "enum": component.get("enum", []),
            "fields": [
                {
                    "name": field,
                    "type": type_of(field_schema),
                    "nullable": field_schema.get("nullable", False),
                    "description": field_schema.get("description") or field_schema.get("title", ""),
                }
                for field, field_schema in component.get("properties", {}).items()
            ],
        }


class ReferenceView(DocsView):
    """The API reference as HTML, with no script: GET and HEAD only, errors as the API's JSON."""

    renderer_classes = [TemplateHTMLRenderer]
    template_name = "drf_spectacular/reference.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        schema = english_schema()
        listed = list(operations(schema))
        shared_parameters = shared_by_all(listed, "parameters", parameter_identity)
        shared_responses = shared_by_all(listed, "responses", response_identity)
        for operation in listed:
            operation["parameters"] = without(operation["parameters"], shared_parameters, parameter_identity)
            operation["responses"] = without(operation["responses"], shared_responses, response_identity)
        return Response(
            {
                "info": schema["info"],
                "shared_parameters": shared_parameters,
                "shared_responses": shared_responses,
                "operations": listed,
                "record_types": list(record_types(schema)),
            }
        )
