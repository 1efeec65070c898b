"""The JSON renderer that wraps every successful payload in the envelope (API.md §1.1)."""

from rest_framework.renderers import JSONRenderer

from common.codes import Code


def success_code(response, view) -> Code:
    """The code of a success: set on the response, declared by the view, or generic."""
    explicit = getattr(response, "code", None)
    if explicit is not None:
        return explicit
    declared = getattr(view, "success_codes", None) or {}
    action = getattr(view, "action", None)
    if action in declared:
        return declared[action]
    if response.status_code == 201:
        return Code.CREATED
    if getattr(getattr(view, "request", None), "method", "") == "DELETE":
        return Code.DELETED
    return Code.OK


class EnvelopeJSONRenderer(JSONRenderer):
    """Renders ``{code, msg, data}``; error bodies come ready from the exception handler."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response = context.get("response")
        if response is not None and response.status_code < 400:
            code = success_code(response, context.get("view"))
            msg = getattr(response, "msg", None) or code.msg
            data = {"code": int(code), "msg": msg, "data": data}
        return super().render(data, accepted_media_type, renderer_context)
