"""Consignment evaluation rules (민간위탁 종합성과평가, domain.md §4.8, R15, R16): which
services are evaluated, the yearly average, the 60-point cutoff for re-contracting and the
six-year council consent clock. Pure: no Django.

>>> eligibility(Decimal("600000000"), separate_statutory=False).eligible
True
>>> eligibility(Decimal("400000000"), separate_statutory=False).reason
'연 사업비 4억원(400,000,000원)이 5억원 미만이라 평가 대상이 아닙니다.'
>>> yearly_average([Decimal("80.00"), Decimal("80.01")])
Decimal('80.01')
>>> is_excluded(Decimal("59.99")), is_excluded(Decimal("60.00"))
(True, False)
>>> consent_due_from(datetime.date(2014, 3, 1))
datetime.date(2020, 3, 1)
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from seonggwa.engine.rounding import round_half_up

__all__ = [
    "CONSENT_YEARS",
    "ELIGIBLE_COST",
    "EXCLUSION_CUTOFF",
    "EXCLUSION_REMARK",
    "ConsentDecision",
    "Eligibility",
    "consent_decision",
    "consent_due_from",
    "eligibility",
    "exclusion_reason",
    "is_excluded",
    "service_score",
    "split_members",
    "yearly_average",
]

ELIGIBLE_COST = Decimal(500_000_000)  # 5억원 a year (R15, 003:466)
EXCLUSION_CUTOFF = Decimal(60)  # below 60 points: 재계약 배제 (R15, 003:667)
EXCLUSION_REMARK = "재계약 배제"
CONSENT_YEARS = 6  # 조례 제4조의3 ② (R16, 003:682-686)
SCORE_PLACES = 2


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a service is evaluated; ``eligible`` is ``None`` when its cost is not known."""

    eligible: bool | None
    reason: str


def _eok(amount: Decimal) -> str:
    eok = amount / Decimal(100_000_000)
    shown = format(eok.normalize(), "f") if eok == eok.to_integral_value() else f"{eok:.2f}"
    return f"{shown}억원({amount:,.0f}원)"


def eligibility(annual_cost: Decimal | None, *, separate_statutory: bool) -> Eligibility:
    """R15: a service is evaluated when it costs at least 5억원 a year and no law or
    ordinance gives it an evaluation of its own."""
    if separate_statutory:
        return Eligibility(False, "법령·조례에 따른 별도 평가체계가 있어 평가 대상이 아닙니다.")
    if annual_cost is None:
        return Eligibility(
            None,
            "연 사업비가 입력되지 않아 5억원 기준을 판단할 수 없습니다(사업비를 입력하십시오).",
        )
    if annual_cost < ELIGIBLE_COST:
        return Eligibility(
            False, f"연 사업비 {_eok(annual_cost)}이 5억원 미만이라 평가 대상이 아닙니다."
        )
    return Eligibility(
        True,
        f"연 사업비 {_eok(annual_cost)}이 5억원 이상이고 별도 평가체계가 없어 평가 대상입니다.",
    )


def service_score(scores: Iterable[Decimal]) -> Decimal | None:
    """A service's score for the year: the mean of its evaluators' scores, 2 decimals
    half-up; ``None`` when nobody scored it yet."""
    values = list(scores)
    if not values:
        return None
    return round_half_up(sum(values, Decimal(0)) / len(values), SCORE_PLACES)


def yearly_average(scores: Iterable[Decimal]) -> Decimal | None:
    """R15: the year's average, the mean of all services' scores to 2 decimals (half-up);
    ``None`` (no data, not 0) for a year without scores."""
    return service_score(scores)


def is_excluded(score: Decimal | None) -> bool:
    """R15: a score below 60 excludes the contractor from re-contracting."""
    return score is not None and score < EXCLUSION_CUTOFF


def exclusion_reason(score: Decimal | None) -> str:
    """The explanation shown beside a score."""
    if score is None:
        return "점수 없음"
    if is_excluded(score):
        return (
            f"{score:.2f}점으로 60점 미만이라 재계약에서 배제됩니다"
            "(조례 제12조 ②, 평가점수 60점 미만 위탁사무 재계약 배제)."
        )
    return f"{score:.2f}점으로 60점 이상이라 재계약 심사에 종합성과평가 결과로 반영됩니다."


def consent_due_from(last_consent: datetime.date) -> datetime.date:
    """The day six years after the council's last consent (29 February → 28 February)."""
    year = last_consent.year + CONSENT_YEARS
    try:
        return last_consent.replace(year=year)
    except ValueError:
        return last_consent.replace(year=year, day=28)


@dataclass(frozen=True, slots=True)
class ConsentDecision:
    """R16 for one renewal: whether it must go back to the council."""

    needs_consent: bool
    due_from: datetime.date | None  # from this day the next renewal needs consent
    reason: str


def consent_decision(last_consent: datetime.date | None, renewal: datetime.date) -> ConsentDecision:
    """R16: a renewal (재위탁·재계약) is normally only reported to the standing committee;
    the first renewal after six years have passed since the council last consented must be
    consented again, with the consignment performance report."""
    if last_consent is None:
        return ConsentDecision(
            True,
            None,
            "의회 동의일 기록이 없어 의회 동의가 필요한 것으로 봅니다(동의일을 입력하십시오).",
        )
    due = consent_due_from(last_consent)
    if renewal >= due:
        return ConsentDecision(
            True,
            due,
            f"의회 동의({last_consent.isoformat()}) 후 6년이 지난({due.isoformat()}부터) 뒤 "
            "처음 도래하는 재위탁·재계약이므로 의회 동의가 필요합니다"
            "(조례 제4조의3 ②, 민간위탁 성과보고서 함께 제출).",
        )
    return ConsentDecision(
        False,
        due,
        f"의회 동의({last_consent.isoformat()}) 후 6년이 지나지 않아 소관 상임위원회 보고로 "
        f"동의를 갈음합니다({due.isoformat()} 이후 첫 재위탁·재계약은 의회 동의 필요).",
    )


# a legal-form mark that starts a member of a consortium: (주) (사) (재) (학교법인) 사단법인 …
_LEGAL_START = re.compile(r"^(?:\((?:주|사|재|유|학교법인|사단법인|재단법인)\)|사단법인|재단법인)")
_OTHERS_RE = re.compile(r"\s+외\s*\d+\s*(?:개\s*)?(?:기관|곳|개사|사)?\s*$")
_LEGAL_END = re.compile(r"(?:\((?:주|사|재|유)\)|주식회사)$")


def split_members(contractor: str) -> tuple[tuple[str, ...], bool]:
    """The members of a contractor as printed, and whether they were joined by a space only
    (not by "·"): "(주)헤럴드에듀· (주)헤럴드" → two members; "한중환경기술(주)
    환경시설관리(주)" → two members joined by a space.

    >>> split_members("(주)헤럴드에듀· (주)헤럴드")
    (('(주)헤럴드에듀', '(주)헤럴드'), False)
    >>> split_members("(주)엘지스포르츠 (주)두산베어스")
    (('(주)엘지스포르츠', '(주)두산베어스'), True)
    >>> split_members("한국산업인력공단 서울지역본부")
    (('한국산업인력공단 서울지역본부',), False)
    >>> split_members("오니트(주) 외 4")
    (('오니트(주) 외 4',), False)
    """
    others = _OTHERS_RE.search(contractor)  # "… 외 4": a lead contractor and four others
    head = contractor[: others.start()] if others else contractor
    parts = [p.strip() for p in re.split(r"[·ㆍ・]", head) if p.strip()]
    members: list[str] = []
    spaced = False
    for part in parts:
        words = part.split(" ")
        current: list[str] = []
        for word in words:
            starts = bool(_LEGAL_START.match(word))
            ends_prev = bool(current) and bool(_LEGAL_END.search(current[-1]))
            if current and (starts or ends_prev) and _is_member(current):
                members.append(" ".join(current))
                current = []
                spaced = True
            current.append(word)
        if current:
            members.append(" ".join(current))
    if others and members:
        members[-1] = f"{members[-1]} {others.group(0).strip()}"
    return tuple(members), spaced


def _is_member(words: list[str]) -> bool:
    """The words so far name an organisation by themselves (carry a legal-form mark)."""
    text = " ".join(words)
    return bool(_LEGAL_START.match(text) or _LEGAL_END.search(text))
