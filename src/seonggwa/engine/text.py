r"""Text normalisation every layer shares: the matching key of printed names and the one
markup stripper (A11).

It lives in the engine, the lowest layer, because the engine itself needs it (the value
grammar reads stripped text) and the engine imports nothing else.

>>> norm_key("(기 획조정실)")
'(기획조정실)'
>>> strip_markup("52 $\\mu\\text{g}/\\text{m}^3$")
'52 µg/m³'
"""

from __future__ import annotations

import re

__all__ = ["norm_key", "strip_markup"]

_WS = re.compile(r"\s+")


def norm_key(text: str) -> str:
    """Matching key: whitespace removed (PDF line wrap splits words: "(기 획조정실)", A9)."""
    return _WS.sub("", text)


_TAG = re.compile(r"</?(?:p|ul|ol|li|br|span|div|b|i|u|strong|em|sub|sup|td|tr)\b[^>]*>", re.I)
_LI_BREAK = re.compile(r"</(?:p|li)>\s*<(?:p|li)\b[^>]*>", re.I)
_DOLLAR = re.compile(r"\$([^$]*)\$")
_SUPERSCRIPT = re.compile(r"\^\{?([23])\}?")
_LATEX_CMD = re.compile(r"\\(?:mathrm|text|mathbf|mathit|operatorname)\s*\{([^{}]*)\}")
_LATEX_SIMPLE = re.compile(r"\\[a-zA-Z]+")
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">"}


def strip_markup(text: str) -> str:
    r"""Text without HTML tags, LaTeX wrappers and carets, whitespace collapsed; list items
    stay apart (A11). Squares and cubes keep their meaning (``m^3`` -> ``m³``), ``\\mu`` is µ.

    >>> strip_markup("<p>○ 가</p> <p>○ 나</p>")
    '○ 가 ○ 나'
    >>> strip_markup("$\\mathrm{m}^{2}$"), strip_markup("천 ^m")
    ('m²', '천 m')
    """
    out = _LI_BREAK.sub(" ", text)
    out = _TAG.sub(" ", out)
    for entity, char in _ENTITIES.items():
        out = out.replace(entity, char)
    out = _DOLLAR.sub(lambda m: m.group(1), out)
    out = _SUPERSCRIPT.sub(lambda m: "²" if m.group(1) == "2" else "³", out)
    out = out.replace("\\mu", "µ")
    out = _LATEX_CMD.sub(lambda m: m.group(1), out)
    out = _LATEX_SIMPLE.sub("", out)
    out = out.replace("^", "").replace("{", "").replace("}", "")
    return " ".join(out.split())
