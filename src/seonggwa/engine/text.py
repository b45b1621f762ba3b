"""Text normalisation every layer shares: the matching key of printed names.

It lives in the engine, the lowest layer, because the engine itself needs it (R4 counts
distinct goals by it) and the engine imports nothing else.

>>> norm_key("(기 획조정실)")
'(기획조정실)'
"""

from __future__ import annotations

import re

__all__ = ["norm_key"]

_WS = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Matching key: whitespace removed (PDF line wrap splits words: "(기 획조정실)", A9)."""
    return _WS.sub("", text)
