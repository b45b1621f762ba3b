"""A national demo dataset: many fictional organisations in several peer groups, several
years of plans each, monthly and quarterly actuals, written straight into the database with
``bulk_create`` (``seonggwa generate-demo``; docs/demo.md).

Everything is drawn from one ``random.Random(seed)``: the same options and seed give the same
data. The organisations are marked ``Organisation.demo``; ``replace=True`` deletes those (and
only those) first. The writes are not audited row by row: one audit event records the
generation, attributed to the acting user (``acting_as``), as import and restore do.
"""

from __future__ import annotations

import datetime
import math
import random
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from seonggwa.audit.context import audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.bulk import bulk_insert, copy_rows
from seonggwa.core.errors import ServiceError
from seonggwa.core.ownership import ORGANISATION_OWNED
from seonggwa.engine.text import norm_key
from seonggwa.organisations.models import Organisation, OrgUnit, PeerGroup, PlanOwner
from seonggwa.plans.models import (
    Indicator,
    Period,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)
from seonggwa.results.models import IndicatorValue

BATCH = 2000

# (peer group, name suffix, Organisation.kind)
PEER_GROUPS = [
    ("시부", "광역시", "metropolitan"),
    ("도부", "도", "metropolitan"),
    ("기초 시", "시", "basic"),
    ("기초 군", "군", "basic"),
    ("기초 구", "구", "basic"),
]
FIRST = "가나다라마바사아자차카타파하솔누미새온늘해달별들숲물빛"
SECOND = "나라마온솔빛내람결울뫼늘들음샘터강산"

# (name, unit type, short prefix for program codes, policy goals)
UNITS = [
    ("기획조정실", "sil", "기조", ["재정 건전성 강화", "성과 중심 행정 구현", "규제혁신 추진"]),
    (
        "복지정책국",
        "guk",
        "복지",
        ["촘촘한 사회안전망 구축", "어르신 복지 증진", "장애인 자립 지원"],
    ),
    ("환경녹지국", "guk", "환경", ["탄소중립 실현", "생활폐기물 감량", "도시숲 확충"]),
    ("교통건설국", "guk", "교통", ["대중교통 이용 편의 향상", "교통안전 강화", "도로 정비"]),
    ("경제산업국", "guk", "경제", ["일자리 창출", "소상공인 경쟁력 강화", "기업 유치"]),
    ("문화관광체육국", "guk", "문화", ["문화 향유 기회 확대", "관광객 유치", "생활체육 활성화"]),
    ("안전총괄실", "sil", "안전", ["재난 예방 체계 강화", "생활안전 확보"]),
    ("도시계획국", "guk", "도시", ["균형 있는 도시 공간 조성", "주거 안정 지원"]),
    ("여성가족국", "guk", "여가", ["아이 키우기 좋은 환경", "양성평등 실현", "청소년 성장 지원"]),
    ("보건소", "facility", "보건", ["시민 건강 증진", "감염병 대응 강화"]),
    ("농업기술센터", "facility", "농업", ["농업 경쟁력 강화", "도시농업 확산"]),
    ("자치행정국", "guk", "자치", ["주민자치 활성화", "민원 서비스 개선"]),
    ("시민소통담당관", "damdanggwan", "소통", ["시민 참여 확대", "시정 홍보 강화"]),
    ("감사관", "damdanggwan", "감사", ["청렴도 향상", "공직 기강 확립"]),
]
UNIT_GOALS = {
    "기획조정실": "미래를 준비하는 책임 행정",
    "복지정책국": "함께 누리는 따뜻한 복지",
    "환경녹지국": "맑고 푸른 녹색 도시",
    "교통건설국": "편리하고 안전한 교통",
    "경제산업국": "활력 넘치는 지역 경제",
    "문화관광체육국": "문화와 관광이 어우러진 도시",
    "안전총괄실": "재난에 강한 안전 도시",
    "도시계획국": "살기 좋은 균형 도시",
    "여성가족국": "모두가 행복한 가족 친화 도시",
    "보건소": "건강한 시민, 건강한 도시",
    "농업기술센터": "소득이 늘어나는 농업",
    "자치행정국": "주민이 주인인 자치 행정",
    "시민소통담당관": "시민과 소통하는 열린 시정",
    "감사관": "신뢰받는 청렴 행정",
}
PERSPECTIVES = ["고객", "재무", "내부프로세스", "학습과성장"]

# (name, unit of measure, direction, cumulative, typical year value, decimals)
MEASURES = [
    ("참여자 수", "명", "higher", True, 1200, 0),
    ("지원 건수", "건", "higher", True, 850, 0),
    ("프로그램 운영 횟수", "회", "higher", True, 96, 0),
    ("만족도", "점", "higher", False, 82, 1),
    ("서비스 이용률", "%", "higher", False, 64, 1),
    ("예산 집행률", "%", "higher", False, 88, 1),
    ("민원 처리 기간", "일", "lower", False, 6, 1),
    ("사고 건수", "건", "lower", True, 140, 0),
    ("상담 실적", "건", "higher", True, 2300, 0),
    ("교육 이수율", "%", "higher", False, 76, 1),
    ("발생량", "톤", "lower", True, 5400, 0),
    ("신규 등록 수", "개소", "higher", True, 45, 0),
]
TOPICS = [
    "청년",
    "노인",
    "여성",
    "장애인",
    "아동",
    "소상공인",
    "농업인",
    "읍면지역",
    "원도심",
    "신도시",
    "저소득층",
    "다문화가족",
    "1인가구",
    "중소기업",
    "관광객",
    "주민",
]


@dataclass
class DemoResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    seconds_evaluating: float = 0.0
    organisations: list[str] = field(default_factory=list)
    replaced: int = 0


class DemoExists(ServiceError):
    """The database already holds demo organisations (and --replace was not given)."""


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


def _q(value: float, places: int) -> Decimal:
    step = Decimal(1).scaleb(-places)
    return Decimal(repr(value)).quantize(step, ROUND_HALF_UP)


def _text(value: Decimal, places: int) -> str:
    """The value as an office writes it: thousands separators, the places it has."""
    return f"{value:,.{places}f}"


def _bulk(model: Any, objs: list[Any], counts: dict[str, int]) -> list[Any]:
    # COPY on PostgreSQL (ids drawn from the table's sequence), bulk_create elsewhere
    made: list[Any] = bulk_insert(model, objs, with_ids=True, batch_size=BATCH)
    counts[model._meta.label] = counts.get(model._meta.label, 0) + len(made)
    return made


def _names(rng: random.Random, n: int, taken: set[str]) -> list[tuple[str, str, str, str]]:
    """n organisations as (name, peer group, kind): peer groups of two or more where n allows."""
    groups = 1 if n < 2 else min(len(PEER_GROUPS), max(2, n // 4))
    stems = [a + b for a in FIRST for b in SECOND if a != b]
    rng.shuffle(stems)
    out: list[tuple[str, str, str, str]] = []
    used: set[str] = set()
    i = 0
    for k in range(n):
        group, suffix, kind = PEER_GROUPS[k % groups]
        while True:
            stem = stems[i % len(stems)] + ("" if i < len(stems) else str(i // len(stems) + 1))
            i += 1
            name = stem + suffix
            if name not in taken and stem not in used:
                break
        used.add(stem)
        out.append((name, group, kind, stem))
    return out


def _weights(n: int) -> list[Decimal]:
    """n weights with one decimal place that sum to exactly 100."""
    tenths = [1000 // n] * n
    for i in range(1000 - sum(tenths)):
        tenths[i] += 1
    return [Decimal(t).scaleb(-1) for t in tenths]


def demo_delete() -> int:
    """Delete every demo organisation and what it owns, in bulk (no per-row audit: the
    generation's event says what was replaced). Returns how many organisations."""
    ids = list(Organisation.objects.filter(demo=True).values_list("pk", flat=True))
    if not ids:
        return 0
    # peer groups are shared, not owned: only the demo organisations' memberships go
    PeerGroup.members.through._default_manager.filter(organisation_id__in=ids)._raw_delete(
        DEFAULT_DB_ALIAS
    )
    for entry in reversed(ORGANISATION_OWNED):
        if entry.label == "audit.AuditEvent":  # the trail of what happened stays
            continue
        model = apps.get_model(entry.label)
        rows = model._default_manager.filter(**{f"{entry.lookup_id}__in": ids})
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            through._default_manager.filter(
                **{f"{m2m.m2m_field_name()}__in": rows.values("pk")}
            )._raw_delete(DEFAULT_DB_ALIAS)
        rows._raw_delete(DEFAULT_DB_ALIAS)
    return len(ids)


def _org_structure(
    rng: random.Random,
    org: Organisation,
    stem: str,
    n_units: int,
    first_year: int,
    counts: dict[str, int],
) -> list[tuple[OrgUnit, PlanOwner, tuple[Any, ...]]]:
    chosen = [UNITS[0], *rng.sample(UNITS[1:], n_units - 1)]
    units = _bulk(
        OrgUnit,
        [
            OrgUnit(
                organisation=org,
                name=name,
                name_key=norm_key(name),
                unit_type=utype,
                code_prefix=prefix,
                valid_from=datetime.date(first_year - 3, 1, 1),
            )
            for name, utype, prefix, _goals in chosen
        ],
        counts,
    )
    owners = _bulk(PlanOwner, [PlanOwner(unit=u) for u in units], counts)
    return list(zip(units, owners, chosen, strict=True))


@dataclass
class _Spec:
    """One indicator across the years: its identity and its figures."""

    name: str
    unit: str
    direction: str
    cumulative: bool
    level: float  # the year value around which targets and actuals fall
    places: int
    frequency: str  # month, quarter
    growth: float
    perspective: int
    first_year: int  # the plan year it first appears in


def _specs(rng: random.Random, m: int, first_year: int, years: int) -> list[_Spec]:
    """m indicators of one organisation; about one in twenty is new in each later year."""
    combos = [(t, meas) for meas in MEASURES for t in TOPICS]
    rng.shuffle(combos)
    out = []
    for i in range(m):
        topic, (mname, unit, direction, cumulative, level, places) = combos[i % len(combos)]
        name = f"{topic} {mname}" + (f"({i // len(combos) + 1})" if i >= len(combos) else "")
        start = first_year
        if years > 1 and rng.random() < 0.05:
            start = first_year + rng.randrange(1, years)
        out.append(
            _Spec(
                name=name,
                unit=unit,
                direction=direction,
                cumulative=cumulative,
                level=level * rng.uniform(0.5, 1.8) if unit != "%" and unit != "점" else level,
                places=places,
                frequency="quarter" if rng.random() < 0.2 else "month",
                growth=rng.uniform(0.02, 0.08),
                perspective=rng.randrange(len(PERSPECTIVES)),
                first_year=start,
            )
        )
    return out


def _target(spec: _Spec, year: int, first_year: int) -> Decimal:
    steps = year - first_year
    sign = 1 if spec.direction == "higher" else -1
    value = spec.level * (1 + sign * spec.growth) ** (steps + 1)
    if spec.unit in ("%", "점"):
        value = min(value, 99.0)
    return _q(value, spec.places)


class _ValueRows:
    """IndicatorValue rows inserted with ``executemany`` in batches: the values are the
    largest table by far (three in four rows), and building a model object per row cost
    more than the insert. The columns come from the model; a column's default and the few
    constants (the time, the empty parts) are prepared for the database once."""

    def __init__(self, now: Any, counts: dict[str, int]) -> None:
        self.counts = counts
        self.fields = [f for f in IndicatorValue._meta.concrete_fields if not f.primary_key]
        self.index = {f.attname: i for i, f in enumerate(self.fields)}
        conn = connections[DEFAULT_DB_ALIAS]
        self.connection = conn
        prepared_now = IndicatorValue._meta.get_field("created_at").get_db_prep_save(now, conn)
        self.now = prepared_now
        self.defaults = []
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults.append(prepared_now)
            else:
                self.defaults.append(f.get_db_prep_save(f.get_default(), conn))
        self.absolute = IndicatorValue.Qualifier.ABSOLUTE.value
        quote = conn.ops.quote_name
        self.head = "INSERT INTO {} ({}) VALUES ".format(
            quote(IndicatorValue._meta.db_table), ", ".join(quote(f.column) for f in self.fields)
        )
        self.one = "({})".format(", ".join(["%s"] * len(self.fields)))
        # PostgreSQL loads rows with COPY many times faster than with INSERT statements;
        # SQLite's executemany is already fast
        self.copy = conn.vendor == "postgresql"
        self.rows: list[list[Any]] = []

    def add(
        self,
        indicator_id: int,
        kind: str,
        year: int,
        amount: Decimal,
        places: int,
        *,
        quarter: int = 0,
        month: int = 0,
        status: str = "approved",
    ) -> None:
        row = list(self.defaults)
        ix = self.index
        row[ix["indicator_id"]] = indicator_id
        row[ix["kind"]] = kind
        row[ix["year"]] = year
        row[ix["quarter"]] = quarter
        row[ix["month"]] = month
        row[ix["raw_text"]] = _text(amount, places)
        row[ix["value"]] = amount
        row[ix["qualifier"]] = self.absolute
        row[ix["status"]] = status
        if status != "draft":
            row[ix["submitted_at"]] = self.now
        if status == "approved":
            row[ix["approved_at"]] = self.now
            row[ix["locked"]] = True
        self.rows.append(row)
        if len(self.rows) >= BATCH * 5:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.copy:
            copy_rows(IndicatorValue, self.fields, self.rows)
        else:
            with self.connection.cursor() as cursor:
                for start in range(0, len(self.rows), BATCH):
                    cursor.executemany(self.head + self.one, self.rows[start : start + BATCH])
        label = IndicatorValue._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(self.rows)
        self.rows = []


@transaction.atomic
def generate_demo(
    *,
    orgs: int,
    indicators: int,
    months: int,
    years: int = 3,
    seed: int = 1,
    replace: bool = False,
    last_year: int | None = None,
    evaluate: bool = True,
    close_last: bool = False,
) -> DemoResult:
    """Write the demo dataset; see the module docstring."""
    started = time.perf_counter()
    if orgs < 1 or indicators < 1 or not 1 <= months <= 12 or not 1 <= years <= 10:
        raise ServiceError(
            "기관 수와 지표 수는 1 이상, 개월 수는 1~12, 연도 수는 1~10 이어야 합니다."
        )
    existing = Organisation.objects.filter(demo=True).count()
    if existing and not replace:
        raise DemoExists(
            f"데이터베이스에 이미 가상 데이터 기관 {existing}개가 있습니다. "
            "지우고 다시 만들려면 --replace 를 지정하세요(가상 데이터 기관만 지웁니다)."
        )
    result = DemoResult()
    counts = result.counts
    actor, actor_label = current_actor()
    rng = random.Random(seed)
    last_year = last_year or timezone.localdate().year
    first_year = last_year - years + 1
    now = timezone.now()
    with audit_muted():
        result.replaced = demo_delete() if replace else 0
        taken = set(Organisation.objects.values_list("name", flat=True))
        named = _names(rng, orgs, taken)
        organisations = _bulk(
            Organisation,
            [Organisation(name=n, kind=k, peer_group=g, demo=True) for n, g, k, _s in named],
            counts,
        )
        result.organisations = [o.name for o in organisations]
        for group_name in sorted({g for _n, g, _k, _s in named}):
            group, _created = PeerGroup.objects.get_or_create(name=group_name)
            group.members.add(*(o for o in organisations if o.peer_group == group_name))
        n_units = max(2, min(len(UNITS), math.ceil(indicators / 40)))
        evaluated: list[Plan] = []
        for org, (_name, _group, _kind, stem) in zip(organisations, named, strict=True):
            structure = _org_structure(rng, org, stem, n_units, first_year, counts)
            specs = _specs(rng, indicators, first_year, years)
            by_unit: list[list[_Spec]] = [[] for _ in structure]
            for i, spec in enumerate(specs):
                by_unit[i % len(structure)].append(spec)
            previous: dict[tuple[int, str], Indicator] = {}
            for year in range(first_year, last_year + 1):
                closed = year < last_year or close_last
                plan = _bulk(
                    Plan,
                    [
                        Plan(
                            organisation=org,
                            year=year,
                            kind=Plan.Kind.PERFORMANCE_PLAN,
                            status=Plan.Status.CLOSED if closed else Plan.Status.CONFIRMED,
                            title=f"{year}년 {org.name} 성과계획서",
                            grading_scheme="performance_report",
                        )
                    ],
                    counts,
                )[0]
                if closed:
                    evaluated.append(plan)
                _periods(plan, year, months, closed, now, counts)
                current = _plan_body(
                    rng,
                    plan,
                    year,
                    first_year,
                    months,
                    closed,
                    structure,
                    by_unit,
                    previous,
                    now,
                    counts,
                )
                previous = current
    if evaluate:
        evaluating = time.perf_counter()
        _evaluate(evaluated, counts)
        result.seconds_evaluating = time.perf_counter() - evaluating
    result.seconds = time.perf_counter() - started
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label[:150],
        action=AuditEvent.Action.CREATE,
        model="organisations.Organisation",
        object_pk="",
        object_repr=f"가상 데이터(generate-demo): 기관 {orgs}개, seed {seed}"[:300],
        organisation_id_ref=None,
        changes={
            "options": [
                None,
                {
                    "orgs": orgs,
                    "indicators": indicators,
                    "months": months,
                    "years": years,
                    "seed": seed,
                    "last_year": last_year,
                    "close_last": close_last,
                },
            ],
            "rows": [None, dict(counts)],
            "replaced_organisations": [result.replaced, None],
        },
    )
    return result


def _periods(
    plan: Plan, year: int, months: int, closed: bool, now: Any, counts: dict[str, int]
) -> None:
    """The year and its months; a past year is locked and published (the public sees its
    approved actuals), the last year open for entry."""
    keys = (
        [(str(year), "year", 0, 0)]
        + [(f"{year}-Q{q}", "quarter", q, 0) for q in range(1, months // 3 + 1)]
        + [(f"{year}-{m:02d}", "month", 0, m) for m in range(1, months + 1)]
    )
    _bulk(
        Period,
        [
            Period(
                plan=plan,
                key=key,
                frequency=freq,
                year=year,
                quarter=quarter,
                month=month,
                opens_on=datetime.date(year, month or max(1, quarter * 3 - 2), 1),
                closes_on=datetime.date(year + 1, 1, 31),
                locked=closed,
                locked_at=now if closed else None,
                lock_note=f"{year}년 실적 수집 완료" if closed else "",
                published=closed,
                published_at=now if closed else None,
            )
            for key, freq, quarter, month in keys
        ],
        counts,
    )


def _plan_body(
    rng: random.Random,
    plan: Plan,
    year: int,
    first_year: int,
    months: int,
    closed: bool,
    structure: list[tuple[OrgUnit, PlanOwner, tuple[Any, ...]]],
    by_unit: list[list[_Spec]],
    previous: dict[tuple[int, str], Indicator],
    now: Any,
    counts: dict[str, int],
) -> dict[tuple[int, str], Indicator]:
    goals = _bulk(
        StrategicGoal,
        [
            StrategicGoal(
                plan=plan,
                owner=owner,
                code=_roman(pos + 1),
                name=UNIT_GOALS[unit.name],
                name_key=norm_key(UNIT_GOALS[unit.name]),
                position=pos,
            )
            for pos, (unit, owner, _c) in enumerate(structure)
        ],
        counts,
    )
    policy_objs = []
    for pos, (goal, (_u, _o, chosen)) in enumerate(zip(goals, structure, strict=True)):
        for k, pname in enumerate(chosen[3]):
            policy_objs.append(
                PolicyGoal(
                    plan=plan,
                    strategic_goal=goal,
                    code=f"{_roman(pos + 1)}-{k + 1}",
                    name=pname,
                    name_key=norm_key(pname),
                    position=k,
                )
            )
    policies = _bulk(PolicyGoal, policy_objs, counts)
    policies_of: dict[int, list[PolicyGoal]] = {}
    for p in policies:
        policies_of.setdefault(p.strategic_goal_id, []).append(p)
    active = [[s for s in specs if s.first_year <= year] for specs in by_unit]
    persp_objs = []
    ind_objs: list[Indicator] = []
    ind_specs: list[_Spec] = []
    for pos, ((_unit, owner, _c), goal, specs) in enumerate(
        zip(structure, goals, active, strict=True)
    ):
        if not specs:
            continue
        weights = _weights(len(specs))
        sums = [Decimal(0)] * len(PERSPECTIVES)
        for spec, w in zip(specs, weights, strict=True):
            sums[spec.perspective] += w
        persp_objs += [
            Perspective(
                plan=plan,
                owner=owner,
                name=name,
                weight=sums[i],
                weight_raw=_text(sums[i], 1),
                position=i,
            )
            for i, name in enumerate(PERSPECTIVES)
        ]
        goal_policies = policies_of[goal.pk]
        for n, (spec, w) in enumerate(zip(specs, weights, strict=True), start=1):
            policy = goal_policies[(n - 1) % len(goal_policies)]
            ind_objs.append(
                Indicator(
                    plan=plan,
                    owner=owner,
                    strategic_goal=goal,
                    policy_goal=policy,
                    code=f"{policy.code}-{n}",
                    name=spec.name,
                    name_key=norm_key(spec.name),
                    unit_of_measure=spec.unit,
                    weight=w,
                    weight_raw=_text(w, 1),
                    direction=spec.direction,
                    direction_confirmed=True,
                    is_cumulative=spec.cumulative,
                    definition=f"{spec.name}({spec.unit}) — 가상 데이터",
                    data_source="부서 집계 자료(가상)",
                    due_month=12,
                    position=pos * 1000 + n,
                    previous=previous.get((owner.pk, spec.name)),
                )
            )
            ind_specs.append(spec)
    perspectives = _bulk(Perspective, persp_objs, counts)
    persp_of = {(p.owner_id, p.position): p for p in perspectives}
    for ind, spec in zip(ind_objs, ind_specs, strict=True):
        ind.perspective = persp_of[(ind.owner_id, spec.perspective)]
    made = _bulk(Indicator, ind_objs, counts)
    _values(rng, made, ind_specs, year, first_year, months, closed, now, counts)
    return {(i.owner_id, i.name): i for i in made}


def _values(
    rng: random.Random,
    made: list[Indicator],
    specs: list[_Spec],
    year: int,
    first_year: int,
    months: int,
    closed: bool,
    now: Any,
    counts: dict[str, int],
) -> None:
    """Targets for the plan year and the two after it, a baseline, the actuals of each month
    (or quarter) and, for a past year, the year's actual. About one actual in fifteen is
    missing — no row, never 0."""
    rows = _ValueRows(now, counts)
    for ind, spec in zip(made, specs, strict=True):
        p = spec.places
        rows.add(ind.pk, "baseline", year - 1, _q(spec.level, p), p)
        for y in (year, year + 1, year + 2):
            rows.add(ind.pk, "target", y, _target(spec, y, first_year), p)
        target = _target(spec, year, first_year)
        # the year's outcome: mostly near the target, some well short
        ratio = rng.choice(
            [rng.uniform(0.97, 1.12)] * 3 + [rng.uniform(1.12, 1.4), rng.uniform(0.6, 0.95)]
        )
        if spec.direction == "lower":
            ratio = 2 - ratio
        outcome = float(target) * ratio
        if spec.unit in ("%", "점"):
            outcome = min(outcome, 100.0)
        steps = range(1, months + 1) if spec.frequency == "month" else range(1, months // 3 + 1)
        span = 12 if spec.frequency == "month" else 4
        for step in steps:
            if rng.random() < 1 / 15:
                continue  # no data for this month: no row
            if spec.cumulative:
                figure = outcome * step / span * rng.uniform(0.9, 1.1)
            else:
                figure = outcome * rng.uniform(0.92, 1.08)
                if spec.unit in ("%", "점"):
                    figure = min(figure, 100.0)
            status = "approved"
            if not closed and step == len(steps):
                status = "submitted"
            if not closed and step == len(steps) and rng.random() < 0.3:
                status = "draft"
            when = {"month": step} if spec.frequency == "month" else {"quarter": step}
            rows.add(ind.pk, "actual", year, _q(figure, p), p, **when, status=status)
        if closed and rng.random() >= 1 / 30:  # a past year's actual; a few never came
            rows.add(ind.pk, "actual", year, _q(outcome, p), p)
    rows.flush()


def _evaluate(plans: list[Plan], counts: dict[str, int]) -> None:
    """A published evaluation run of each past year (the engine grades every indicator),
    through the evaluation's bulk entry point (``evaluation.services.runs_start``)."""
    from seonggwa.evaluation.models import EvaluationRun, IndicatorResult
    from seonggwa.evaluation.services import runs_start

    with audit_muted():
        runs = runs_start(user=None, plans=plans)
        now = timezone.now()
        EvaluationRun.objects.filter(pk__in=[r.pk for r in runs]).update(
            status=EvaluationRun.Status.PUBLISHED, finalised_at=now, published_at=now
        )
        counts["evaluation.EvaluationRun"] = counts.get("evaluation.EvaluationRun", 0) + len(runs)
        counts["evaluation.IndicatorResult"] = (
            counts.get("evaluation.IndicatorResult", 0)
            + IndicatorResult.objects.filter(run__in=runs).count()
        )
