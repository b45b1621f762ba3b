"""Value grammar (domain.md section 6): a target or actual cell's text -> :class:`ParsedValue`.

Parsing never raises. The raw text is always kept; text the grammar does not know becomes
kind ``TEXT`` with no number, so a reviewer can look at it.

>>> parse_value("6천만건").number, parse_value("6천만건").unit
(Decimal('60000000'), '건')
>>> parse_value("전년대비 5% 증가").kind
<Qualifier.RELATIVE_INCREASE: 'relative_increase'>
>>> [(p.name, p.number) for p in parse_value("21(22)").parts]
[('a', Decimal('21')), ('b', Decimal('22'))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from seonggwa.engine.text import strip_markup

__all__ = ["ParsedValue", "Qualifier", "ValuePart", "parse_number", "parse_value"]


class Qualifier(StrEnum):
    ABSOLUTE = "absolute"
    RELATIVE_INCREASE = "relative_increase"  # 전년대비 5% 증가 -> prior x 1.05, a floor
    RELATIVE_DECREASE = "relative_decrease"  # 1%이상 감축 -> prior x 0.99, a ceiling
    BASELINE = "baseline"  # 기준점: first measurement, no number
    BASELINE_OFFSET = "baseline_offset"  # 기준점 +0.5
    THRESHOLD_MIN = "threshold_min"  # 75점이상
    THRESHOLD_MAX = "threshold_max"  # 3건이하
    BAND = "band"  # ±7
    COMPOSITE = "composite"  # 21(22), 8,804 / 5,206, 11.4 3,500, 점검 24회 조치 85%
    GRADE = "grade"  # 중, 우수, a report mark ◎ ○ ×
    MILESTONE = "milestone"  # 공사착공, 설계완료 38.2
    NONE = "none"  # "-" or blank: not applicable / not yet
    TEXT = "text"  # not understood; kept for review


@dataclass(frozen=True, slots=True)
class ValuePart:
    """One named number of a composite value. ``name`` is the printed label (``응대율``) or,
    for unlabelled parts, its position ``a``, ``b``, ``c``... What ``a`` and ``b`` mean
    (annual/cumulative, own/external, ...) is declared per indicator, never guessed."""

    name: str
    number: Decimal
    unit: str = ""
    kind: Qualifier = Qualifier.ABSOLUTE


@dataclass(frozen=True, slots=True)
class ParsedValue:
    raw: str
    kind: Qualifier
    number: Decimal | None = None  # magnitude applied: 776만 -> 7760000
    unit: str = ""  # suffix as printed after the number (건, %, 개소, 점)
    parts: tuple[ValuePart, ...] = ()
    label: str = ""  # grade or milestone text (중, 공사착공, ◎)
    note: str = ""  # text kept beside the number (환경기준치, 18.12월 교체)

    @property
    def is_numeric(self) -> bool:
        return self.number is not None

    def part(self, name: str) -> ValuePart | None:
        return next((p for p in self.parts if p.name == name), None)


_MAGNITUDE = {"천": 10**3, "만": 10**4, "억": 10**8, "조": 10**12}
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# sign: '-' directly before the digits, or △ (a space after △ is allowed: "△ 20분")
_SIGNED = rf"(?:-(?=\d)|△\s*)?(?:{_NUM})"
_UNIT = r"[^\d\s()/,±△+\-:;~]*"
_TOKEN_RE = re.compile(rf"(?P<num>{_SIGNED})(?:\s+(?=%))?(?P<rest>{_UNIT})")
_MARKS = {"◎", "○", "×"}
_GRADE_WORDS = (
    "매우우수",
    "우수",
    "양호",
    "보통",
    "미흡",
    "매우미흡",
    "최우수",
    "상",
    "중",
    "하",
    "중·상",
    "중상",
    "S",
    "A",
    "B",
    "C",
    "D",
)
_MILESTONE_WORDS = (
    "수립",
    "착공",
    "준공",
    "완료",
    "완공",
    "개통",
    "착수",
    "시행",
    "구축",
    "개관",
    "개원",
    "발주",
    "계약",
    "선정",
    "제정",
    "개정",
    "추진",
    "운영",
    "설치",
    "회",
    "배제",
)
_INCREASE_WORDS = ("증가", "향상", "상승", "확대")
_DECREASE_WORDS = ("감축", "감소", "절감", "하락", "축소")


def _clean(raw: str) -> str:
    text = strip_markup(raw.replace("\u00a0", " "))
    return text.replace("％", "%").replace("∼", "~").replace("～", "~")


_PLAIN_RE = re.compile(r"(?P<sign>[-−–△▲+]?)\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")


def parse_number(text: str, *, plain: bool = False) -> Decimal | None:
    """A single number with optional sign, thousands commas and magnitude (천/만/억/조);
    ``None`` when ``text`` is not just that (a unit suffix is allowed and ignored). This is
    the one number reader: every importer and check reads numbers with it.

    With ``plain``, only a figure as a money, count, weight or share cell prints it: an
    optional sign (``-``, ``−``, ``–`` and ``△`` mean minus, ``▲`` and ``+`` plus), digits
    with thousands commas and decimals — no magnitude, unit or percent sign.

    >>> parse_number("△1,234"), parse_number("-98"), parse_number("776만"), parse_number("x")
    (Decimal('-1234'), Decimal('-98'), Decimal('7760000'), None)
    >>> parse_number("- 98", plain=True), parse_number("12만", plain=True)
    (Decimal('-98'), None)
    """
    if plain:
        m = _PLAIN_RE.fullmatch(_clean(text))
        if m is None:
            return None
        value = Decimal(m.group("num").replace(",", ""))
        return -value if m.group("sign") in ("-", "−", "–", "△") else value
    token = _single_token(_clean(text))
    return None if token is None else token[0]


def _to_decimal(num: str, mag: str) -> Decimal | None:
    negative = num.startswith(("-", "△"))
    digits = num.lstrip("-△ ").replace(",", "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    for ch in mag:
        value *= _MAGNITUDE[ch]
    return -value if negative else value


def _split_magnitude(rest: str) -> tuple[str, str]:
    """``천만건`` -> (``천만``, ``건``); a magnitude is only taken when a unit or nothing
    follows, so ``만원`` reads as 10^4 원 and ``천㎡`` as 10^3 ㎡."""
    mag = ""
    i = 0
    while i < len(rest) and rest[i] in _MAGNITUDE:
        mag += rest[i]
        i += 1
    return mag, rest[i:]


def _single_token(text: str) -> tuple[Decimal, str] | None:
    m = _TOKEN_RE.fullmatch(text)
    if not m:
        return None
    mag, unit = _split_magnitude(m.group("rest"))
    value = _to_decimal(m.group("num"), mag)
    return None if value is None else (value, unit)


def _tokens(text: str) -> list[tuple[str, Decimal, str]] | None:
    """``label? number unit`` repeated over the whole text; None if anything else is left."""
    out: list[tuple[str, Decimal, str]] = []
    pos = 0
    pattern = re.compile(
        rf"\s*(?P<label>[가-힣A-Za-z·]+)?\s*(?P<num>{_SIGNED})(?:\s+(?=%))?(?P<rest>{_UNIT})"
    )
    while pos < len(text):
        m = pattern.match(text, pos)
        if not m or m.end() == pos:
            return None
        mag, unit = _split_magnitude(m.group("rest"))
        value = _to_decimal(m.group("num"), mag)
        if value is None:
            return None
        out.append((m.group("label") or "", value, unit))
        pos = m.end()
    return out


def parse_value(raw: str | None) -> ParsedValue:
    """Parse one target/actual cell. Never raises; see the module docstring."""
    raw_text = "" if raw is None else str(raw)
    try:
        return _parse(raw_text)
    except Exception:  # the grammar must never break an import; keep the text for review
        return ParsedValue(raw=raw_text, kind=Qualifier.TEXT)


# a plain figure (1,234 / 87.5 / 28604), most of what offices type: read without the grammar,
# to the same value the grammar gives it (a single number without unit)
_PLAIN_FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _parse(raw: str) -> ParsedValue:
    if _PLAIN_FIGURE.fullmatch(raw):
        return ParsedValue(raw, Qualifier.ABSOLUTE, Decimal(raw.replace(",", "")), "")
    return _parse_grammar(raw)


def _parse_grammar(raw: str) -> ParsedValue:
    text = _clean(raw)
    kind = Qualifier
    if text in {"", "-", "–", "—", "N/A", "n/a", "해당없음"}:
        return ParsedValue(raw, kind.NONE)
    if text in _MARKS or text.replace(" ", "") == "재계약배제":
        return ParsedValue(raw, kind.GRADE, label=text)
    note = ""
    if text[0] in "↑↓":  # ↑11.7%p: the arrow is a note, the number stays as printed
        note, text = text[0], text[1:].strip()
    wrapped = re.fullmatch(r"\((?P<inner>[^()]*)\)", text)
    if wrapped and _single_token(wrapped.group("inner").strip()) is not None:
        text = wrapped.group("inner").strip()  # "^(100%)" in the joint-evaluation tables

    # baseline: 기준점, 기준점 +0.5
    if text.replace(" ", "").startswith("기준점"):
        rest = text.replace(" ", "")[3:]
        if not rest:
            return ParsedValue(raw, kind.BASELINE)
        m = re.fullmatch(rf"(?P<sign>[+\-△])?(?P<num>{_NUM})(?P<unit>{_UNIT})", rest)
        if m:
            value = _to_decimal(m.group("num"), "")
            if value is not None:
                if m.group("sign") in {"-", "△"}:
                    value = -value
                return ParsedValue(raw, kind.BASELINE_OFFSET, value, m.group("unit"))
        return ParsedValue(raw, kind.TEXT)

    compact = text.replace(" ", "")
    # relative: 전년대비 5% 증가 / 전년 대비 5%이상 / 1%이상 감축
    m = re.fullmatch(rf"(?:전년(?:도)?대비)?(?P<num>{_NUM})(?P<unit>%p?|％)(?P<tail>.*)", compact)
    if m:
        tail = m.group("tail")
        prior_word = compact.startswith(("전년대비", "전년도대비"))
        value = _to_decimal(m.group("num"), "")
        if value is not None:
            if any(w in tail for w in _DECREASE_WORDS):
                return ParsedValue(raw, kind.RELATIVE_DECREASE, value, m.group("unit"))
            if any(w in tail for w in _INCREASE_WORDS) or (prior_word and tail in {"이상", ""}):
                return ParsedValue(raw, kind.RELATIVE_INCREASE, value, m.group("unit"))

    # band: ±7, ±0.5%
    m = re.fullmatch(rf"±(?P<num>{_NUM})(?P<unit>{_UNIT})", compact)
    if m:
        return ParsedValue(raw, kind.BAND, _to_decimal(m.group("num"), ""), m.group("unit"))

    # thresholds: 75점이상, 3건이하, 66,802 환경기준치 이하; several: 3건이하 5건이하
    thresholds = list(
        re.finditer(
            rf"(?P<num>{_SIGNED})\s*(?P<rest>{_UNIT})\s*(?P<note>[가-힣A-Za-z]*?)\s*(?P<op>이상|이하|초과|미만)",
            text,
        )
    )
    if thresholds and "".join(m.group(0) for m in thresholds).replace(" ", "") == compact:
        parts: list[tuple[ValuePart, str]] = []
        for i, t in enumerate(thresholds):
            mag, unit = _split_magnitude(t.group("rest"))
            value = _to_decimal(t.group("num"), mag)
            if value is None:
                break
            tkind = kind.THRESHOLD_MIN if t.group("op") in {"이상", "초과"} else kind.THRESHOLD_MAX
            parts.append((ValuePart(chr(ord("a") + i), value, unit, tkind), t.group("note")))
        else:
            if len(parts) == 1:
                part, note = parts[0]
                return ParsedValue(raw, part.kind, part.number, part.unit, note=note)
            return ParsedValue(raw, kind.COMPOSITE, parts=tuple(p for p, _ in parts))

    # grade words: 중, 우수, 중·상 (75점이상), 우수이상 3개공기업
    for word in sorted(_GRADE_WORDS, key=len, reverse=True):
        if compact == word or (
            compact.startswith(word)
            and len(word) > 1
            and not re.match(r"[가-힣]", compact[len(word) :].removeprefix("이상"))
        ):
            number = None
            m2 = re.search(_NUM, compact[len(word) :])
            if m2:
                number = _to_decimal(m2.group(0), "")
            return ParsedValue(raw, kind.GRADE, number, label=word, note=text[len(word) :].strip())
        if compact.startswith(word + "이상") or compact.startswith(word + "("):
            return ParsedValue(raw, kind.GRADE, label=word, note=text[len(word) :].strip())

    # a single number with unit: 28,604 / 163건 / 5% / 6천만건 / -98 / △1,234
    single = _single_token(text)
    if single is not None:
        return ParsedValue(raw, kind.ABSOLUTE, single[0], single[1], note=note)

    # number with a parenthesised note: 9.8% (18.12월 교체)
    m = re.fullmatch(r"(?P<head>[^()]+?)\s*\((?P<inner>[^()]*)\)", text)
    if m:
        head = _single_token(m.group("head").strip())
        inner = _single_token(m.group("inner").strip())
        if head is not None and inner is not None:  # a(b): 21(22), 9.38 (9.07), 11 (34개소)
            return ParsedValue(
                raw,
                kind.COMPOSITE,
                parts=(ValuePart("a", head[0], head[1]), ValuePart("b", inner[0], inner[1])),
            )
        if head is not None:
            return ParsedValue(raw, kind.ABSOLUTE, head[0], head[1], note=m.group("inner").strip())

    # a / b
    if "/" in text:
        pieces = [_single_token(p.strip()) for p in text.split("/")]
        if len(pieces) >= 2 and all(p is not None for p in pieces):
            return ParsedValue(
                raw,
                kind.COMPOSITE,
                parts=tuple(
                    ValuePart(chr(ord("a") + i), p[0], p[1])
                    for i, p in enumerate(pieces)
                    if p is not None
                ),
            )

    # space-separated or labelled parts: 11.4 3,500 / 응대율 80 배차율 80 / "- 5,809 - 1,134"
    bullet_free = re.sub(r"(^|\s)-\s+(?=\d)", " ", text).strip()
    tokens = _tokens(bullet_free)
    if tokens and len(tokens) >= 2:
        labelled = tuple(
            ValuePart(label or chr(ord("a") + i), value, unit)
            for i, (label, value, unit) in enumerate(tokens)
        )
        return ParsedValue(raw, kind.COMPOSITE, parts=labelled)
    if tokens and len(tokens) == 1 and tokens[0][0] == "" and bullet_free != text:
        return ParsedValue(raw, kind.ABSOLUTE, tokens[0][1], tokens[0][2])

    # milestone: 설계완료 38.2, 4개년 계획수립, 공사착공, 분기별 1회
    if any(w in compact for w in _MILESTONE_WORDS):
        nums = re.findall(_NUM, text)
        number = _to_decimal(nums[0], "") if len(nums) == 1 and not text[0].isdigit() else None
        return ParsedValue(raw, kind.MILESTONE, number, label=text)
    return ParsedValue(raw, kind.TEXT)
