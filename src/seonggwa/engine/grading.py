"""Grading schemes as data (R7, R8): named, versioned, with effective dates.

A scheme is an ordered list of bands, highest first; a band applies when the rate is at
least its ``lower`` bound (compared in Decimal, so 130.00 % is ◎ and 99.995 % is ×).

>>> grade(Decimal("130.00"), PERFORMANCE_REPORT).mark, grade(Decimal("99.995"), PERFORMANCE_REPORT).mark
('◎', '×')
>>> REPORT_MARKS
'※ ◎ : 초과달성(130% 이상), ○ : 달성(100~130% 미만), × : 미달성(100% 미만)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from seonggwa.engine.achievement import Achievement
from seonggwa.engine.catalogue import finding
from seonggwa.engine.cells import Cell, CellStatus, Explanation, plain_decimal
from seonggwa.engine.findings import Finding

__all__ = [
    "PERFORMANCE_REPORT",
    "REGISTRY",
    "REPORT_MARKS",
    "SUSTAINABILITY_PLAN",
    "TRAFFIC_LIGHT",
    "Grade",
    "GradeBand",
    "GradingScheme",
    "Override",
    "OverrideReason",
    "SchemeRegistry",
    "grade",
    "traffic_light_scheme",
]


@dataclass(frozen=True, slots=True)
class GradeBand:
    code: str  # stable English code: exceeded, achieved, not_achieved, partly_achieved, ...
    mark: str  # printed mark: ◎ ○ × or the label itself
    label: str  # Korean label: 초과달성
    lower: Decimal | None  # inclusive lower bound in percent; None = catch-all bottom band


class OverrideReason(StrEnum):
    """R8 reasons a committee may override a computed grade (003:260-266)."""

    EARLY_ACHIEVEMENT = "조기달성"
    CHANGED_AND_COMPLETED = "사업 변경 후 완료"
    MERGED_AND_MET = "지표 통합 후 달성"
    DELAYED = "지연·중단(불가피한 사유)"
    NO_ACTUAL_POSSIBLE = "실적 산출 불가"
    ENDED_NO_BUDGET = "예산 미확보로 종료"
    STOPPED_EXCESSIVE_COST = "과다 비용으로 중단"


@dataclass(frozen=True, slots=True)
class Override:
    band: str  # target band code
    reason: OverrideReason
    note: str = ""  # free text: who decided, on what evidence


@dataclass(frozen=True, slots=True)
class GradingScheme:
    name: str
    version: int
    effective_from: date
    bands: tuple[GradeBand, ...]  # highest first; last band has lower=None
    not_rated: GradeBand  # the "-" band for not evaluated
    not_rated_bucket: str  # band code "-" is counted under in summary counts (R5)
    effective_to: date | None = None
    allowed_overrides: dict[str, tuple[OverrideReason, ...]] = field(default_factory=dict)
    legend_prefix: str = "※ "

    @property
    def tag(self) -> str:
        return f"{self.name} v{self.version}"

    def band(self, code: str) -> GradeBand:
        for b in (*self.bands, self.not_rated):
            if b.code == code:
                return b
        raise KeyError(f"{self.tag}: no band {code!r}")

    def band_for_rate(self, rate: Decimal) -> GradeBand:
        for b in self.bands:
            if b.lower is None or rate >= b.lower:
                return b
        return self.bands[-1]

    def band_for_mark(self, mark: str) -> GradeBand | None:
        wanted = mark.strip()
        for b in (*self.bands, self.not_rated):
            if wanted in (b.mark, b.label, b.code):
                return b
        return None

    def thresholds(self) -> tuple[Decimal, ...]:
        """Lower bounds, highest first (used by the columnar path)."""
        return tuple(b.lower for b in self.bands if b.lower is not None)

    def legend(self) -> str:
        """The legend line printed under report tables, derived from the bands."""
        items: list[str] = []
        upper: Decimal | None = None
        for b in self.bands:
            if b.lower is not None and upper is None:
                rng = f"{_pct(b.lower)}% 이상"
            elif b.lower is not None:
                rng = f"{_pct(b.lower)}~{_pct(upper)}% 미만"
            else:
                rng = f"{_pct(upper)}% 미만" if upper is not None else "전체"
            items.append(
                f"{b.mark} : {b.label}({rng})" if b.mark != b.label else f"{b.label}({rng})"
            )
            upper = b.lower
        return self.legend_prefix + ", ".join(items)

    def is_effective(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _pct(value: Decimal | None) -> str:
    return "" if value is None else plain_decimal(value)


@dataclass(frozen=True, slots=True)
class Grade:
    scheme: str  # "performance_report v1"
    band: GradeBand
    status: CellStatus
    explanation: Explanation
    override: Override | None = None
    computed: GradeBand | None = None  # the band before an override
    findings: tuple[Finding, ...] = ()

    @property
    def code(self) -> str:
        return self.band.code

    @property
    def mark(self) -> str:
        return self.band.mark

    def cell(self) -> Cell:
        return Cell(self.band.code, self.band.mark, self.status, self.explanation)


def grade(
    achievement: Achievement | Decimal | None,
    scheme: GradingScheme,
    *,
    override: Override | None = None,
) -> Grade:
    """Grade one rate (or achievement result) under ``scheme``.

    Not evaluated, no data, excluded or unresolved results get the scheme's ``not_rated``
    band ("-") with their status kept. An override must name an allowed reason for its
    target band; otherwise it is not applied and a finding says why.
    """
    if isinstance(achievement, Achievement):
        rate, status = achievement.rate, achievement.status
        inputs = {"달성률": "-" if rate is None else plain_decimal(rate)}
    else:
        rate = achievement
        status = CellStatus.OK if rate is not None else CellStatus.NO_DATA
        inputs = {"달성률": "-" if rate is None else plain_decimal(rate)}
    if rate is None or status is not CellStatus.OK:
        computed = scheme.not_rated
        formula = f"평가하지 않음({status.value}) → {computed.mark}"
    else:
        computed = scheme.band_for_rate(rate)
        formula = _band_formula(scheme, computed)
    explanation = Explanation(formula=formula, inputs=inputs, rule=scheme.tag)
    if override is None:
        return Grade(scheme.tag, computed, status, explanation, computed=computed)

    allowed = scheme.allowed_overrides.get(override.band, ())
    try:
        target = scheme.band(override.band)
    except KeyError:
        target = None
    if target is None or override.reason not in allowed:
        refused = finding(
            "grading.override_not_allowed",
            details={"band": override.band, "reason": str(override.reason)},
            band=override.band,
            reason=override.reason,
            scheme=scheme.tag,
            allowed=", ".join(allowed) or "없음",
        )
        return Grade(
            scheme.tag, computed, status, explanation, computed=computed, findings=(refused,)
        )
    return Grade(
        scheme.tag,
        target,
        CellStatus.OK,
        Explanation(
            formula=f"{formula}; 조정 → {target.mark} (사유: {override.reason})",
            inputs={**inputs, "비고": override.note} if override.note else inputs,
            rule=f"{scheme.tag} R8 override",
        ),
        override=override,
        computed=computed,
    )


def _band_formula(scheme: GradingScheme, band: GradeBand) -> str:
    i = scheme.bands.index(band)
    upper = scheme.bands[i - 1].lower if i > 0 else None
    parts = []
    if band.lower is not None:
        parts.append(f"{_pct(band.lower)}% ≤ 달성률")
    if upper is not None:
        parts.append(f"달성률 < {_pct(upper)}%")
    return " 이고 ".join(parts) + f" → {band.mark} {band.label}"


class SchemeRegistry:
    """Named schemes by version; :meth:`get` picks the version effective on a date."""

    def __init__(self) -> None:
        self._schemes: dict[str, list[GradingScheme]] = {}

    def register(self, scheme: GradingScheme) -> GradingScheme:
        versions = self._schemes.setdefault(scheme.name, [])
        if any(s.version == scheme.version for s in versions):
            raise ValueError(f"{scheme.tag} is already registered")
        versions.append(scheme)
        versions.sort(key=lambda s: s.version)
        return scheme

    def get(self, name: str, on: date | None = None, version: int | None = None) -> GradingScheme:
        versions = self._schemes.get(name)
        if not versions:
            raise KeyError(f"unknown grading scheme {name!r}")
        if version is not None:
            return next(s for s in versions if s.version == version)
        candidates = [s for s in versions if on is None or s.is_effective(on)]
        if not candidates:
            raise KeyError(f"no version of {name!r} is effective on {on}")
        return max(candidates, key=lambda s: (s.effective_from, s.version))

    def for_year(self, name: str, year: int) -> GradingScheme:
        """The version of ``name`` a plan of ``year`` is graded with: the one effective on
        1 January of that year (the start of the evaluated year)."""
        return self.get(name, on=date(year, 1, 1))

    def names(self) -> list[str]:
        return sorted(self._schemes)

    def versions(self, name: str) -> list[GradingScheme]:
        return list(self._schemes.get(name, []))


_NOT_RATED = GradeBand("not_rated", "-", "미평가", None)

_TO_ACHIEVED = (
    OverrideReason.EARLY_ACHIEVEMENT,
    OverrideReason.CHANGED_AND_COMPLETED,
    OverrideReason.MERGED_AND_MET,
)
_TO_NOT_ACHIEVED = (
    OverrideReason.NO_ACTUAL_POSSIBLE,
    OverrideReason.ENDED_NO_BUDGET,
    OverrideReason.STOPPED_EXCESSIVE_COST,
)

# R8 names the reasons for 달성, 일부달성 and 미달성 (003:260-266); the performance report's
# ○ 달성 and × 미달성 are the same grades, so they take the same reasons (it has no 일부달성,
# and no reason leads to ◎ 초과달성).
PERFORMANCE_REPORT = GradingScheme(
    name="performance_report",
    version=1,
    effective_from=date(2000, 1, 1),
    bands=(
        GradeBand("exceeded", "◎", "초과달성", Decimal(130)),
        GradeBand("achieved", "○", "달성", Decimal(100)),
        GradeBand("not_achieved", "×", "미달성", None),
    ),
    not_rated=_NOT_RATED,
    not_rated_bucket="not_achieved",
    allowed_overrides={"achieved": _TO_ACHIEVED, "not_achieved": _TO_NOT_ACHIEVED},
)

SUSTAINABILITY_PLAN = GradingScheme(
    name="sustainability_plan",
    version=1,
    effective_from=date(2000, 1, 1),
    bands=(
        GradeBand("achieved", "달성", "달성", Decimal(100)),
        GradeBand("partly_achieved", "일부달성", "일부달성", Decimal(50)),
        GradeBand("not_achieved", "미달성", "미달성", None),
    ),
    not_rated=GradeBand("excluded", "-", "제외", None),
    not_rated_bucket="excluded",
    allowed_overrides={
        "achieved": _TO_ACHIEVED,
        "partly_achieved": (OverrideReason.DELAYED,),
        "not_achieved": _TO_NOT_ACHIEVED,
    },
)


def traffic_light_scheme(
    green: Decimal = Decimal(100),
    amber: Decimal = Decimal(80),
    *,
    name: str = "traffic_light",
    version: int = 1,
    effective_from: date = date(2000, 1, 1),
) -> GradingScheme:
    """A three-colour scheme with configurable bands (green ≥ ``green``, amber ≥ ``amber``)."""
    if amber > green:
        raise ValueError("amber bound must not exceed green bound")
    return GradingScheme(
        name=name,
        version=version,
        effective_from=effective_from,
        bands=(
            GradeBand("green", "●녹색", "양호", green),
            GradeBand("amber", "●황색", "주의", amber),
            GradeBand("red", "●적색", "위험", None),
        ),
        not_rated=_NOT_RATED,
        not_rated_bucket="red",
    )


TRAFFIC_LIGHT = traffic_light_scheme()

REGISTRY = SchemeRegistry()
for _scheme in (PERFORMANCE_REPORT, SUSTAINABILITY_PLAN, TRAFFIC_LIGHT):
    REGISTRY.register(_scheme)

REPORT_MARKS = PERFORMANCE_REPORT.legend()
