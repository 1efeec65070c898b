"""OpenAPI description of Kith's bearer authentication.

drf-spectacular cannot see through ``accounts.authentication.JWTAuthentication`` (a
subclass of simplejwt's) on its own. Kept here until ``accounts`` ships its own
extension; the first registered one wins, so a second is harmless.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class KithJWTScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.JWTAuthentication"
    name = "jwtAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Bearer",  # noqa: S106 - a scheme name, not a secret
            bearer_format="JWT",
        )
