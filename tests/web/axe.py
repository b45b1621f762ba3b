"""axe-core in the browser tests: ``assert_accessible(page)`` runs the accessibility rules on
the page as it is at 1366 and at 390 px wide and fails on any critical or serious violation.

axe-core is vendored next to this module (vendor/axe-core: axe.min.js 4.14.1, MPL-2.0, from
``npm pack axe-core@4.14.1``) so the tests need no network; to move to another version,
replace axe.min.js, LICENSE and VERSION from the new package."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from playwright.sync_api import TimeoutError as PlaywrightTimeout

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
BLOCKING = ("critical", "serious")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page as it is now, once its transitions have ended (a dialog
    fading in is not yet its final colours), with axe injected once per document."""
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
    )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def assert_accessible(page: Any, widths: tuple[int, ...] = WIDTHS) -> None:
    """No critical or serious axe violation at any of ``widths``, and the page no wider than
    the screen; the viewport is put back."""
    before = page.viewport_size or {"width": WIDTHS[0], "height": 900}
    problems = []
    try:
        for width in widths:
            page.set_viewport_size({"width": width, "height": before["height"]})
            # let the page settle at the new width: charts redraw on their resize handlers,
            # which a loaded machine runs late
            # (still wider after 5 s: measured and told below)
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_function(
                    f"() => document.documentElement.scrollWidth <= {width}", timeout=5_000
                )
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > width:  # the page itself scrolls sideways (tables scroll in their box)
                problems.append(f"{width}px the page is {wide}px wide")
            for v in axe_violations(page):
                if v["impact"] in BLOCKING:
                    targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
                    problems.append(f"{width}px {v['impact']} {v['id']} ({v['help']}): {targets}")
    finally:
        page.set_viewport_size(before)
    assert not problems, f"axe on {page.url}:\n" + "\n".join(problems)
