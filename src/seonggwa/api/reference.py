"""The API's reference page at ``/api/v1/docs``: the OpenAPI document (``/api/v1/openapi.json``)
read into sections and shown as a page of the site (KRDS look, Korean first, accessible),
instead of a third-party viewer that axe-core faults (contrast, nested controls, no language).

:func:`reference_sections` is pure: OpenAPI dict in, sections out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    where: str  # path, query, header, body
    type: str
    required: bool
    description: str = ""


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    public: bool  # answers without a token (then only what is published)
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    body_schema: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.method}-" + "".join(c if c.isalnum() else "-" for c in self.path).strip("-")


@dataclass(frozen=True)
class Section:
    tag: str
    operations: list[Operation]


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.rsplit("/", 1)[-1] if ref else ""


def _type(schema: dict[str, Any]) -> str:
    """A short type for a JSON schema: ``integer``, ``string (date)``, ``array of PlanOut``…"""
    if name := _ref_name(schema):
        return name
    for key in ("anyOf", "oneOf"):
        if key in schema:
            kinds = [_type(s) for s in schema[key] if s.get("type") != "null"]
            nullable = any(s.get("type") == "null" for s in schema[key])
            return " | ".join(kinds) + (" | null" if nullable else "")
    kind = schema.get("type", "")
    if kind == "array":
        return f"array of {_type(schema.get('items', {}))}"
    if fmt := schema.get("format"):
        return f"{kind} ({fmt})"
    if "enum" in schema:
        return f"{kind}: " + ", ".join(str(v) for v in schema["enum"])
    return str(kind or "object")


def _body_fields(schema: dict[str, Any], components: dict[str, Any]) -> list[Field]:
    target = components.get(_ref_name(schema), schema)
    required = set(target.get("required", ()))
    return [
        Field(
            name=name,
            where="body",
            type=_type(prop),
            required=name in required,
            description=prop.get("description", prop.get("title", "")),
        )
        for name, prop in target.get("properties", {}).items()
    ]


def reference_sections(document: dict[str, Any]) -> list[Section]:
    """The operations of an OpenAPI 3 document grouped by their first tag, in document order."""
    components = document.get("components", {}).get("schemas", {})
    sections: dict[str, list[Operation]] = {}
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            security = op.get("security", document.get("security", []))
            params = [
                Field(
                    name=p["name"],
                    where=p.get("in", ""),
                    type=_type(p.get("schema", {})),
                    required=bool(p.get("required")),
                    description=p.get("description", p.get("schema", {}).get("description", "")),
                )
                for p in op.get("parameters", [])
            ]
            body_schema = (
                op.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                public=not security or {} in security,
                parameters=params,
                body=_body_fields(body_schema, components) if body_schema else [],
                body_schema=_ref_name(body_schema),
                responses=[
                    (str(code), str(r.get("description", "")))
                    for code, r in op.get("responses", {}).items()
                ],
            )
            tag = (op.get("tags") or [""])[0]
            sections.setdefault(tag, []).append(operation)
    return [Section(tag=tag, operations=ops) for tag, ops in sections.items()]


def reference_page(request: HttpRequest) -> HttpResponse:
    from .api import api

    document = api.get_openapi_schema()
    context = {
        "info": document.get("info", {}),
        "sections": reference_sections(document),
        "openapi_url": reverse("api-v1:openapi-json"),
    }
    return render(request, "api/reference.html", context)
