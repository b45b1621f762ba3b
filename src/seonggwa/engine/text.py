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

__all__ = ["control_characters", "describe_control", "norm_key", "strip_markup", "xml_safe"]

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


# --- control characters (issue 16, item 6) ---------------------------------------------

# C0 controls but TAB, LF and CR; DEL; C1 controls. NUL is one of them: PostgreSQL refuses
# it in text, and XML 1.0 (HWPX, xlsx) refuses every C0 control but TAB, LF and CR.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# what XML 1.0 does not allow at all (Char production): the C0 controls above, lone
# surrogates, U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def control_characters(text: str) -> list[int]:
    r"""Positions (0-based) of the control characters in ``text`` that stored text must not
    hold: C0 controls other than TAB, LF and CR, DEL and C1 controls.

    >>> control_characters("a\tb\nc"), control_characters("a\x1bb\x00")
    ([], [1, 3])
    """
    return [m.start() for m in _CONTROL.finditer(text)]


def describe_control(char: str) -> str:
    r"""How a message names a control character: ``U+001B``, with its name when it has a
    common one.

    >>> describe_control("\x00"), describe_control("\x1b")
    ('U+0000 (NUL)', 'U+001B (ESC)')
    """
    names = {0: "NUL", 0x0B: "VT", 0x0C: "FF", 0x1B: "ESC", 0x7F: "DEL"}
    code = ord(char)
    return f"U+{code:04X} ({names[code]})" if code in names else f"U+{code:04X}"


def xml_safe(text: str) -> str:
    r"""``text`` without the characters XML 1.0 forbids (an ESC or VT in a stored name must
    not break a document writer).

    >>> xml_safe("가\x1b나\x0b다\t라")
    '가나다\t라'
    """
    return _NOT_XML.sub("", text)
