"""OpenAPI generation that shows the envelope truthfully for every operation.

Success bodies become ``{code, msg, data: <payload>}``; every operation also lists the
error statuses the exception handler can produce, with the ``ErrorEnvelope`` body.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model
from rest_framework.schemas.utils import get_pk_description

from common.ids import ID_REGEX

# status -> (component name, description); every operation may answer these.
ERROR_STATUSES = {
    "400": ("BadRequest", "Invalid input, or a malformed body."),
    "401": ("Unauthorized", "No valid bearer token (code 120)."),
    "403": ("Forbidden", "Visible, but not yours to change."),
    "404": ("NotFound", "Not found, or not visible to you."),
    "405": ("MethodNotAllowed", "Method not allowed."),
    "409": ("Conflict", "Conflicts with the current state."),
    "410": ("Gone", "No longer accepts changes."),
    "413": ("PayloadTooLarge", "Upload too large."),
    "415": ("UnsupportedMediaType", "Unsupported media type."),
    "429": ("Throttled", "Too many requests; see Retry-After."),
    "500": ("ServerError", "Server error (logged; no details are exposed)."),
    "503": ("ServiceUnavailable", "A backing service is down."),
}
GENERIC_ERROR_STATUSES = [code for code in ERROR_STATUSES if code != "503"]

ERROR_ENVELOPE = {
    "type": "object",
    "description": "Error envelope: `errors` maps a field to its messages, or is null.",
    "properties": {
        "code": {"type": "integer", "description": "Response code (GET /api/v1/codes/)."},
        "msg": {"type": "string"},
        "errors": {
            "type": "object",
            "nullable": True,
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "msg", "errors"],
}

JSON = "application/json"


def envelope(data_schema: dict | None) -> dict:
    data = dict(data_schema) if data_schema else {"nullable": True, "description": "Always null."}
    if "$ref" in data and len(data) == 1:
        data = {"allOf": [data]}
    return {
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "Response code (GET /api/v1/codes/)."},
            "msg": {"type": "string"},
            "data": data,
        },
        "required": ["code", "msg", "data"],
    }


class EnvelopeAutoSchema(AutoSchema):
    """AutoSchema that wraps payloads in the envelope and documents error bodies."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method == "DELETE" and "204" in responses:
            responses["200"] = responses.pop("204")
        for status_code, response in list(responses.items()):
            if not status_code.startswith("2"):
                continue
            content = response.get("content")
            if content is None:
                response["content"] = {JSON: {"schema": envelope(None)}}
            elif JSON in content:
                content[JSON]["schema"] = envelope(content[JSON].get("schema"))
        statuses = GENERIC_ERROR_STATUSES + list(getattr(self.view, "extra_error_statuses", ()))
        for status_code in statuses:
            name = ERROR_STATUSES[status_code][0]
            responses.setdefault(status_code, {"$ref": f"#/components/responses/{name}"})
        return responses

    def _resolve_path_parameters(self, variables):
        """Path ids are integers: drf-spectacular makes any path pattern but DRF's default
        a patterned string, and every id in /api/v1/ has the ``ID_REGEX`` pattern."""
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        for parameter in parameters:
            if parameter["schema"].get("pattern") != f"^{ID_REGEX}$":
                continue
            parameter["schema"] = {"type": "integer"}
            if parameter["name"] == "id" and model is not None and not parameter.get("description"):
                parameter["description"] = get_pk_description(model, model._meta.pk)
        return parameters


def add_error_components(result, generator, request, public):
    """Postprocessing hook: the shared error envelope schema and error responses."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["ErrorEnvelope"] = ERROR_ENVELOPE
    components["responses"] = {
        name: {
            "description": description,
            "content": {JSON: {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
        }
        for name, description in ERROR_STATUSES.values()
    }
    return result
