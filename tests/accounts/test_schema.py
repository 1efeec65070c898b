"""The OpenAPI schema documents the accounts operations truthfully."""

import pytest
from drf_spectacular.generators import SchemaGenerator


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def operation(schema, path: str, method: str) -> dict:
    return schema["paths"][f"/api/v1/{path}"][method]


def data_ref(op: dict, status: str) -> str:
    envelope = op["responses"][status]["content"]["application/json"]["schema"]
    return envelope["properties"]["data"]["allOf"][0]["$ref"]


def test_register_answers_201_with_the_private_profile(schema):
    op = operation(schema, "auth/register/", "post")

    assert "200" not in op["responses"]
    assert data_ref(op, "201").endswith("/PrivateProfile")
    assert op["security"] == [{}]  # anonymous


def test_login_answers_tokens_and_the_user(schema):
    op = operation(schema, "auth/login/", "post")
    login = schema["components"]["schemas"]["LoginResponse"]

    assert data_ref(op, "200").endswith("/LoginResponse")
    assert set(login["properties"]) == {"access", "refresh", "user"}


def test_me_needs_the_bearer_token(schema):
    for method in ("get", "patch", "delete"):
        assert operation(schema, "me/", method)["security"] == [{"jwtAuth": []}]
    assert "put" not in schema["paths"]["/api/v1/me/"]


def test_the_avatar_upload_is_multipart(schema):
    op = operation(schema, "me/avatar/", "put")

    assert list(op["requestBody"]["content"]) == ["multipart/form-data"]


def test_public_profiles_show_no_private_fields(schema):
    public = schema["components"]["schemas"]["PublicProfile"]["properties"]

    assert set(public) == {
        "id",
        "username",
        "first_name",
        "last_name",
        "avatar",
        "description",
        "background_color",
    }
    assert public["avatar"]["nullable"] is True


def test_username_availability_documents_its_query_parameter(schema):
    op = operation(schema, "auth/username-available/", "get")

    (parameter,) = [p for p in op["parameters"] if p["name"] == "username"]
    assert parameter["in"] == "query"
    assert parameter["required"] is True
