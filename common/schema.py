"""OpenAPI generation that shows the envelope truthfully for every operation.

Success bodies become ``{code, msg, data: <payload>}``; every operation also lists the
error statuses the exception handler can produce, with the ``ErrorEnvelope`` body.
Every POST that honours ``Idempotency-Key`` documents the header, the replay marker
``Idempotent-Replayed`` and the 422 of a reused key.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.utils import OpenApiParameter
from rest_framework.schemas.utils import get_pk_description

from common.idempotency import (
    HEADER,
    MAX_KEY_LENGTH,
    REPLAYED_HEADER,
    honours_idempotency_key,
)
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
    "422": (
        "IdempotencyKeyReused",
        "The Idempotency-Key was already used with a different request (code 932).",
    ),
    "429": ("Throttled", "Too many requests; see Retry-After."),
    "500": ("ServerError", "Server error (logged; no details are exposed)."),
    "503": ("ServiceUnavailable", "A backing service is down."),
}
GENERIC_ERROR_STATUSES = [code for code in ERROR_STATUSES if code not in ("422", "503")]

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

IDEMPOTENCY_PARAMETERS = [
    OpenApiParameter(
        HEADER,
        type={"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
        pattern="^[!-~]+$",
        location=OpenApiParameter.HEADER,
        description=(
            "Optional key of your making (e.g. a UUID) that makes a retry safe: a repeat "
            "of this request with the same key and body, by the same user, answers the "
            f"first response again (with `{REPLAYED_HEADER}: true`) and changes "
            "nothing. The same key with a different request: 422 (code 932); while the "
            "first is still running: 409 (code 931, see Retry-After); a malformed key: "
            "400 (code 930). Keys expire after IDEMPOTENCY_KEY_TTL seconds (24 h)."
        ),
    ),
    OpenApiParameter(
        REPLAYED_HEADER,
        type={"type": "string", "enum": ["true"]},
        location=OpenApiParameter.HEADER,
        response=True,
        description="Present when this is the stored response of an earlier request.",
    ),
]


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

    def _honours_idempotency_key(self) -> bool:
        return self.method == "POST" and honours_idempotency_key(type(self.view))

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._honours_idempotency_key():
            parameters = [*parameters, *IDEMPOTENCY_PARAMETERS]
        return parameters

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
        if self._honours_idempotency_key():
            statuses.append("422")
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
