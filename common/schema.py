"""OpenAPI generation that shows the envelope truthfully for every operation.

Success bodies become ``{code, msg, data: <payload>}``; every operation also lists the
error statuses the exception handler can produce, with the ``ErrorEnvelope`` body.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema

ERROR_STATUSES = {
    "400": "Invalid input, or a malformed body.",
    "401": "No valid bearer token (code 120).",
    "403": "Visible, but not yours to change.",
    "404": "Not found, or not visible to you.",
    "405": "Method not allowed.",
    "409": "Conflicts with the current state.",
    "410": "No longer accepts changes.",
    "413": "Upload too large.",
    "415": "Unsupported media type.",
    "429": "Throttled.",
    "500": "Server error (logged; no details are exposed).",
}

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
        self.registry_error_component()
        for status_code, description in ERROR_STATUSES.items():
            responses.setdefault(
                status_code,
                {
                    "description": description,
                    "content": {JSON: {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}},
                },
            )
        return responses

    def registry_error_component(self) -> None:
        from drf_spectacular.plumbing import ResolvedComponent

        component = ResolvedComponent(
            name="ErrorEnvelope",
            type=ResolvedComponent.SCHEMA,
            object="ErrorEnvelope",
            schema=ERROR_ENVELOPE,
        )
        self.registry.register_on_missing(component)


class KithJWTScheme(SimpleJWTScheme):
    """Documents Kith's JWT authentication (a simplejwt subclass) as the bearer scheme."""

    target_class = "accounts.authentication.JWTAuthentication"
