"""What an imported plan links to beyond its own rows (issue 13, "everything the document
holds, kept"): its program codes, the goals and indicators it cascades from, and last year's
indicators. Called by ``importers.load.tables_write`` inside the import's transaction, after
the rows are written; returns findings (stored with the document's, so ``seonggwa check``
keeps them).

* **Program codes** (domain.md 4.5): each indicator's printed 주요사업 코드번호 cell is read
  into codes (``importers.program_codes``); each code becomes one :class:`ProgramCode` of the
  plan, belonging to the top-level unit (the unit whose ``code_prefix`` it carries, else the
  first unit in the document that prints it: sub-units reuse their 본부's codes), and the
  indicator is linked to it. The printed cell stays in ``program_codes_raw``.
* **Cascade** (7.4): a row's parent goal and KPI as printed are looked up — in the same plan
  (an owner such as "경영기획실장" whose sheet is in the document), then in the
  organisation's other plans of the year (the city's 성과계획서 for "서울시") — by the name
  with whitespace removed. A name found exactly once sets ``Indicator.parent`` and
  ``StrategicGoal.parent``; what is not found stays as text, with one finding per parent
  label saying how to link it. Importing the parent plan later links the rows waiting for
  it in the other plans of the year and brings their findings up to date.
* **Cross-year identity** (R21): each indicator is matched with last year's plan of the
  same organisation and kind — by code, then by name (whitespace removed) within the same
  unit and goal — and ``Indicator.previous`` is set; an indicator of next year's plan that
  has no ``previous`` yet is matched with this plan the same way. The unmatched of this plan
  are listed in one finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import norm_key
from seonggwa.importers.program_codes import code_prefix, program_codes
from seonggwa.organisations.models import OrgUnit
from seonggwa.plans.models import Indicator, Plan, PolicyGoal, ProgramCode, StrategicGoal
from seonggwa.sources.models import SourceDocument

__all__ = [
    "LINK_CODES",
    "cascade_link",
    "link_counts",
    "plan_links_write",
    "previous_link",
    "program_codes_write",
]

_NAMES_SHOWN = 10
LINK_CODES = frozenset({"import.parent_not_found", "import.previous_unmatched"})


def plan_links_write(
    *, plan: Plan, indicators: Sequence[Indicator], document: SourceDocument
) -> tuple[list[Finding], int]:
    """Program codes, cascade parents and last year's indicators of a freshly written plan.
    Returns the findings and how many indicators of other plans got their parent in it (the
    import's audit event records the number)."""
    file = document.file_name
    program_codes_write(plan=plan, indicators=indicators, document=document)
    out = cascade_link(plan=plan, indicators=indicators, file=file)
    waiting = cascade_link_waiting(plan=plan)
    out += previous_link(plan=plan, indicators=indicators, file=file)
    return out, waiting


def link_counts(plan: Plan) -> dict[str, int]:
    """How much of the plan is linked: program codes, indicators with a cascade parent, and
    indicators linked to last year's."""
    rows = Indicator.objects.filter(plan=plan)
    return {
        "program_codes": ProgramCode.objects.filter(plan=plan).count(),
        "parent_links": rows.filter(parent__isnull=False).count(),
        "previous_links": rows.filter(previous__isnull=False).count(),
    }


# --- program codes ---------------------------------------------------------------------------


def program_codes_write(
    *, plan: Plan, indicators: Sequence[Indicator], document: SourceDocument
) -> list[ProgramCode]:
    """One :class:`ProgramCode` per code printed in the plan, each indicator linked to its
    codes. Returns the codes written."""
    by_prefix: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(organisation=plan.organisation).exclude(code_prefix=""):
        by_prefix.setdefault(unit.code_prefix, unit)
    codes: dict[str, ProgramCode] = {}
    links: list[tuple[Indicator, list[str]]] = []
    for ind in indicators:
        found = program_codes(ind.program_codes_raw)
        if not found:
            continue
        links.append((ind, found))
        for code in found:
            if code in codes:
                continue
            prefix = code_prefix(code)
            if prefix not in by_prefix:
                by_prefix[prefix] = ind.owner.unit
            codes[code] = ProgramCode(
                plan=plan,
                code=code,
                unit=by_prefix[prefix],
                source_document=document,
                source_line=ind.source_line,
            )
    ProgramCode.objects.bulk_create(list(codes.values()))
    through = Indicator.program_codes.through
    through.objects.bulk_create(
        [
            through(indicator_id=ind.pk, programcode_id=codes[code].pk)
            for ind, found in links
            for code in found
        ],
        batch_size=500,
    )
    return list(codes.values())


# --- cascade ---------------------------------------------------------------------------------


class _Scope:
    """Goals and indicators of some plans, found by name (whitespace removed)."""

    def __init__(self, goals: Iterable[StrategicGoal], indicators: Iterable[Indicator]):
        self.goals: dict[str, list[StrategicGoal]] = {}
        self.indicators: dict[str, list[Indicator]] = {}
        for g in goals:
            self.goals.setdefault(g.name_key, []).append(g)
        for i in indicators:
            self.indicators.setdefault(i.name_key, []).append(i)

    @staticmethod
    def _one(found: list[Any], owners: set[int] | None, exclude_owner: int) -> Any | None:
        found = [f for f in found if f.owner_id != exclude_owner]
        if owners is not None:
            found = [f for f in found if f.owner_id in owners]
        return found[0] if len(found) == 1 else None

    def goal(self, key: str, owners: set[int] | None, exclude_owner: int) -> StrategicGoal | None:
        return self._one(self.goals.get(key, []), owners, exclude_owner)

    def indicator(
        self, key: str, owners: set[int] | None, exclude_owner: int, goal: StrategicGoal | None
    ) -> Indicator | None:
        found = self.indicators.get(key, [])
        if goal is not None:
            under = [i for i in found if i.strategic_goal_id == goal.pk]
            if len(under) == 1:
                return under[0]
        return self._one(found, owners, exclude_owner)


def cascade_link(
    *, plan: Plan, indicators: Sequence[Indicator], file: str, fill_only: bool = False
) -> list[Finding]:
    """Set ``parent`` of the indicators (and of their strategic goals) whose printed parent
    is found; one info finding per parent label with what was not found. ``fill_only``:
    a strategic goal that has a parent keeps it."""
    rows = [i for i in indicators if i.parent_goal_text.strip() or i.parent_kpi_text.strip()]
    if not rows:
        return []
    here = _Scope(
        StrategicGoal.objects.filter(plan=plan).select_related("owner__unit"),
        [i for i in indicators],
    )
    others = Plan.objects.filter(organisation=plan.organisation, year=plan.year).exclude(pk=plan.pk)
    # the city's performance plan first: its goals are the city's goals (plans.selectors)
    other_plans = sorted(others, key=lambda p: (p.kind != Plan.Kind.PERFORMANCE_PLAN, p.pk))
    scopes = [here] + [
        _Scope(
            StrategicGoal.objects.filter(plan=p).select_related("owner__unit"),
            Indicator.objects.filter(plan=p),
        )
        for p in other_plans
    ]
    owners_by_label: dict[str, set[int]] = {}
    for g in StrategicGoal.objects.filter(plan=plan).select_related("owner__unit"):
        for label in (g.owner.label, g.owner.unit.name, f"{g.owner.unit.name}장"):
            owners_by_label.setdefault(norm_key(label), set()).add(g.owner_id)

    goal_parents: dict[int, Counter[int]] = {}
    goal_by_pk: dict[int, StrategicGoal] = {}
    missing: dict[str, dict[str, Any]] = {}
    changed: list[Indicator] = []
    for ind in rows:
        owners = owners_by_label.get(norm_key(ind.parent_owner_label))
        goal_key, kpi_key = norm_key(ind.parent_goal_text), norm_key(ind.parent_kpi_text)
        parent_goal: StrategicGoal | None = None
        parent_kpi: Indicator | None = None
        # a label naming an owner of this document ("경영기획실장") is looked up on its sheet
        # only; another ("서울시") in the organisation's other plans of the year only, so a
        # sibling's goal of the same wording ("효율적 자원 운영") is never taken for a parent
        for scope in scopes[:1] if owners is not None else scopes[1:]:
            if goal_key and parent_goal is None:
                parent_goal = scope.goal(goal_key, owners, ind.owner_id)
            if kpi_key and parent_kpi is None:
                parent_kpi = scope.indicator(kpi_key, owners, ind.owner_id, parent_goal)
        if parent_goal is None and parent_kpi is not None:
            parent_goal = parent_kpi.strategic_goal
        if parent_kpi is not None and parent_kpi.pk != ind.pk:
            ind.parent = parent_kpi
            changed.append(ind)
        if parent_goal is not None:
            goal_by_pk[parent_goal.pk] = parent_goal
            goal_parents.setdefault(ind.strategic_goal_id, Counter())[parent_goal.pk] += 1
        lost_goal = bool(goal_key) and parent_goal is None
        lost_kpi = bool(kpi_key) and ind.parent_id is None
        if lost_goal or lost_kpi:
            label = ind.parent_owner_label.strip() or "(이름 없음)"
            entry = missing.setdefault(
                label, {"line": ind.source_line, "goals": set(), "kpis": set()}
            )
            if lost_goal:
                entry["goals"].add(ind.parent_goal_text.strip())
            if lost_kpi:
                entry["kpis"].add(ind.parent_kpi_text.strip())
    Indicator.objects.bulk_update(changed, ["parent"], batch_size=500)
    goals = []
    found_goals = StrategicGoal.objects.filter(pk__in=goal_parents)
    if fill_only:
        found_goals = found_goals.filter(parent__isnull=True)
    for goal in found_goals:
        # the parent most of the goal's rows name (the first named on a tie)
        goal.parent = goal_by_pk[goal_parents[goal.pk].most_common(1)[0][0]]
        if goal.parent.pk != goal.pk:
            goals.append(goal)
    StrategicGoal.objects.bulk_update(goals, ["parent"])

    out = []
    for label, entry in missing.items():
        names = sorted(entry["goals"]) + sorted(entry["kpis"] - entry["goals"])
        shown = ", ".join(f"'{n}'" for n in names[:_NAMES_SHOWN])
        if len(names) > _NAMES_SHOWN:
            shown += f" 외 {len(names) - _NAMES_SHOWN}개"
        in_doc = norm_key(label) in owners_by_label
        hint = (
            "상위 시트의 목표·지표 이름이 이 행에 적힌 것과 같은지 확인하세요."
            if in_doc
            else f"'{label}'의 {plan.year}년 계획(이 기관의 {plan.year}년 성과계획서 등)을 "
            "가져오면 그때 연결되고 이 검토사항도 고쳐집니다(이 문서를 다시 가져올 필요는 "
            "없습니다). 이름이 다르게 적혀 있으면 상위 계획의 이름과 맞추세요."
        )
        out.append(
            finding(
                "import.parent_not_found",
                line=entry["line"],
                where=f"{file}:{entry['line']}" if entry["line"] else file,
                parent=label,
                goals=len(entry["goals"]),
                kpis=len(entry["kpis"]),
                names=shown,
                hint=hint,
                details={"parent": label},
            )
        )
    return out


def cascade_link_waiting(*, plan: Plan) -> int:
    """Link the rows of the organisation's other plans of the year that wait for a parent
    outside their own document (the city's plan imported after the departments' BSC), and
    bring their stored ``import.parent_not_found`` findings up to date. Returns how many
    indicators got a parent."""
    from seonggwa.sources.models import StoredFinding

    linked = 0
    others = Plan.objects.filter(organisation=plan.organisation, year=plan.year).exclude(pk=plan.pk)
    for other in others:
        labels: set[str] = set()
        for g in StrategicGoal.objects.filter(plan=other).select_related("owner__unit"):
            labels |= {norm_key(g.owner.label), norm_key(g.owner.unit.name)}
            labels.add(norm_key(f"{g.owner.unit.name}장"))
        waiting = [
            i
            for i in Indicator.objects.filter(plan=other, parent__isnull=True).select_related(
                "owner"
            )
            if (i.parent_goal_text.strip() or i.parent_kpi_text.strip())
            and norm_key(i.parent_owner_label) not in labels
        ]
        if not waiting:
            continue
        stored = list(StoredFinding.objects.filter(plan=other, code="import.parent_not_found"))
        outside = [f for f in stored if norm_key(f.details.get("parent", "")) not in labels]
        if not outside:
            continue
        doc = other.source_document
        fresh = cascade_link(
            plan=other,
            indicators=waiting,
            file=doc.file_name if doc is not None else "",
            fill_only=True,
        )
        linked += sum(1 for i in waiting if i.parent_id is not None)
        by_label = {f.details.get("parent", ""): f for f in fresh}
        for row in outside:
            now = by_label.get(row.details.get("parent", ""))
            if now is None:
                row.delete()  # every parent under that label is linked now
            else:
                row.message, row.details, row.line = now.message, now.details, now.line
                row.save(update_fields=["message", "details", "line"])
    return linked


# --- cross-year identity ---------------------------------------------------------------------


def _goal_keys(ind: Indicator, goals: dict[int, StrategicGoal], policies: dict[int, PolicyGoal]):  # type: ignore[no-untyped-def]
    """The keys of the goal an indicator sits under: its policy goal's (else its strategic
    goal's) code and name."""
    goal: StrategicGoal | PolicyGoal
    goal = policies[ind.policy_goal_id] if ind.policy_goal_id else goals[ind.strategic_goal_id]
    keys = {("name", goal.name_key)}
    if goal.code:
        keys.add(("code", goal.code))
    return keys


def _match(
    newer: Sequence[Indicator], older: Sequence[Indicator]
) -> tuple[list[Indicator], list[Indicator]]:
    """Set ``previous`` of each of ``newer`` to its match in ``older``: by indicator code,
    then by name within the same unit and goal (a name found once there). Returns
    (matched, unmatched)."""
    goal_ids = {i.strategic_goal_id for i in [*newer, *older]}
    policy_ids = {i.policy_goal_id for i in [*newer, *older] if i.policy_goal_id}
    goals = {g.pk: g for g in StrategicGoal.objects.filter(pk__in=goal_ids)}
    policies = {p.pk: p for p in PolicyGoal.objects.filter(pk__in=policy_ids)}
    owner_unit = {i.owner_id: i.owner.unit_id for i in [*newer, *older]}
    by_code = {i.code: i for i in older if i.code}
    by_name: dict[tuple[int, str, tuple[str, str]], list[Indicator]] = {}
    for old in older:
        for key in _goal_keys(old, goals, policies):
            by_name.setdefault((owner_unit[old.owner_id], old.name_key, key), []).append(old)
    taken: set[int] = set()
    matched, unmatched = [], []
    for ind in newer:
        found = by_code.get(ind.code) if ind.code else None
        if found is None or found.pk in taken:
            found = None
            for key in sorted(_goal_keys(ind, goals, policies)):
                candidates = [
                    o
                    for o in by_name.get((owner_unit[ind.owner_id], ind.name_key, key), [])
                    if o.pk not in taken
                ]
                if len(candidates) == 1:
                    found = candidates[0]
                    break
        if found is None:
            unmatched.append(ind)
            continue
        taken.add(found.pk)
        ind.previous = found
        matched.append(ind)
    return matched, unmatched


def previous_link(*, plan: Plan, indicators: Sequence[Indicator], file: str) -> list[Finding]:
    """Link the plan's indicators to last year's, and next year's to the plan's."""
    same = Plan.objects.filter(organisation=plan.organisation, kind=plan.kind)
    out: list[Finding] = []
    last = same.filter(year=plan.year - 1).first()
    if last is not None and indicators:
        older = list(Indicator.objects.filter(plan=last).select_related("owner"))
        newer = list(
            Indicator.objects.filter(pk__in=[i.pk for i in indicators]).select_related("owner")
        )
        newer.sort(key=lambda i: (i.position, i.pk))
        matched, unmatched = _match(newer, older)
        Indicator.objects.bulk_update(matched, ["previous"], batch_size=500)
        for ind in indicators:  # the caller's objects say what was set
            ind.previous_id = next((m.previous_id for m in matched if m.pk == ind.pk), None)
        if unmatched:
            names = [f"'{i.name}'" for i in unmatched[:_NAMES_SHOWN]]
            if len(unmatched) > _NAMES_SHOWN:
                names.append(f"외 {len(unmatched) - _NAMES_SHOWN}개")
            out.append(
                finding(
                    "import.previous_unmatched",
                    file=file,
                    count=len(unmatched),
                    previous_year=last.year,
                    names=", ".join(names),
                    details={"count": str(len(unmatched)), "matched": str(len(matched))},
                )
            )
    following = same.filter(year=plan.year + 1).first()
    if following is not None and indicators:
        waiting = list(
            Indicator.objects.filter(plan=following, previous__isnull=True).select_related("owner")
        )
        older = list(
            Indicator.objects.filter(pk__in=[i.pk for i in indicators]).select_related("owner")
        )
        matched, _unmatched = _match(waiting, older)
        Indicator.objects.bulk_update(matched, ["previous"], batch_size=500)
    return out
