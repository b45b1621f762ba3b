"""The API's reference page (/api/v1/docs): every operation of the OpenAPI document shown with
its parameters, body fields and who may call it; the pure reading of the document tested on a
small one."""

from __future__ import annotations

from seonggwa.api.reference import reference_sections

SMALL = {
    "openapi": "3.1.0",
    "paths": {
        "/v1/things/{thing_id}": {
            "get": {
                "tags": ["공개 자료"],
                "summary": "물건",
                "security": [{}, {"Token": []}],
                "parameters": [
                    {
                        "name": "thing_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    },
                    {
                        "name": "year",
                        "in": "query",
                        "required": False,
                        "schema": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                        "description": "연도",
                    },
                ],
                "responses": {"200": {"description": "OK"}, "404": {"description": "Not Found"}},
            },
            "post": {
                "tags": ["입력"],
                "security": [{"Token": []}],
                "requestBody": {
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/ThingIn"}}
                    }
                },
                "responses": {"200": {"description": "OK"}},
            },
        }
    },
    "components": {
        "schemas": {
            "ThingIn": {
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "description": "이름"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            }
        }
    },
}


def test_operations_are_grouped_by_tag_with_their_fields():
    read, write = reference_sections(SMALL)
    assert (read.tag, write.tag) == ("공개 자료", "입력")
    (get,) = read.operations
    assert (get.method, get.path, get.summary, get.public) == (
        "GET",
        "/v1/things/{thing_id}",
        "물건",
        True,
    )
    assert [(f.name, f.where, f.type, f.required) for f in get.parameters] == [
        ("thing_id", "path", "integer", True),
        ("year", "query", "integer | null", False),
    ]
    assert get.responses == [("200", "OK"), ("404", "Not Found")]
    (post,) = write.operations
    assert post.public is False
    assert post.body_schema == "ThingIn"
    assert [(f.name, f.type, f.required, f.description) for f in post.body] == [
        ("name", "string", True, "이름"),
        ("tags", "array of string", False, ""),
    ]
    assert get.anchor != post.anchor


def test_the_page_shows_every_operation_of_the_api(api_client):
    c = api_client("anonymous")
    doc = c.get("/api/v1/openapi.json").json()
    page = c.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ko"' in html
    for path, item in doc["paths"].items():
        for method, op in item.items():
            assert f"<code>{method.upper()} {path}</code>" in html
            assert op["summary"] in html
    assert "Authorization: Bearer" in html  # the writes say they need a token
    assert "/api/v1/openapi.json" in html
