"""Clean text at the web boundary (issue 16, item 6): a form field, admin field or any other
posted value holding a control character (NUL, ESC, VT, … but TAB, LF and CR) is refused
before any view, form or service sees it — one check for every page instead of one per
form — with a page naming the field and the position, and nothing written. PostgreSQL
refuses NUL and the XML writers (HWPX) cannot write ESC, so such text must not be stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from seonggwa.engine.text import control_characters, describe_control


@dataclass(frozen=True, slots=True)
class ControlCharacter:
    field: str  # the posted name ("reason", "reject-reason", a file field)
    position: int  # 1-based
    char: str  # "U+001B (ESC)"


def posted_control_character(request: HttpRequest) -> ControlCharacter | None:
    """The first control character in the posted names and values. (Uploaded file names
    arrive without control characters: Django's multipart parser drops them.)"""
    for name, values in request.POST.lists():
        for value in values:
            for text in (name, value):
                found = control_characters(text)
                if found:
                    shown = "".join(
                        c for i, c in enumerate(name) if i not in control_characters(name)
                    )
                    return ControlCharacter(shown, found[0] + 1, describe_control(text[found[0]]))
    return None


class ControlCharacterGuard:
    """Refuses (400) a POST whose values hold a control character; other requests pass."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            found = posted_control_character(request)
            if found is not None:
                return render(request, "web/bad_input.html", {"found": found}, status=400)
        return self.get_response(request)
