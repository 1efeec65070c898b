"""OpenAPI: Kith's JWT authentication is simplejwt's bearer scheme.

``accounts.authentication.JWTAuthentication`` subclasses simplejwt's class, which
drf-spectacular only knows by its exact path. Imported from ``CalendarsConfig.ready()``;
harmless next to an equal extension registered elsewhere.
"""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme


class KithJWTScheme(SimpleJWTScheme):
    target_class = "accounts.authentication.JWTAuthentication"
