"""Reads of the planning round: a unit's draft with its live checks, the office's progress
table, plan snapshots and the item-by-item comparison of two versions, change requests."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from seonggwa.accounts.models import Role
from seonggwa.accounts.selectors import users_with_role
from seonggwa.audit.models import AuditEvent
from seonggwa.engine.values import Qualifier, parse_value
from seonggwa.plans.models import (
    BudgetProgram,
    Indicator,
    Perspective,
    Plan,
    PolicyGoal,
    StrategicGoal,
)
from seonggwa.policy import can_comment_plan, can_draft_plan
from seonggwa.results.models import IndicatorValue

from .models import (
    ChangeRequest,
    PlanningRound,
    PlanVersion,
    ReviewComment,
    RoundReviewer,
    UnitDraft,
)

# the fields a round may require of every indicator, with their Korean names
REQUIRED_FIELDS = {
    "definition": "정의",
    "formula": "산식",
    "data_source": "자료 출처",
    "weight": "가중치",
    "target": "목표",
    "due_month": "최종실적월",
}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Check:
    """One finding of the live checks: ``error`` blocks submitting, ``warning`` does not."""

    level: str  # "error" | "warning"
    message: str
    goal_id: int | None = None
    indicator_id: int | None = None
    program_id: int | None = None


@dataclass
class DraftIndicator:
    indicator: Indicator
    target: str
    comments: list[ReviewComment] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass
class DraftGoal:
    goal: StrategicGoal
    indicators: list[DraftIndicator]
    comments: list[ReviewComment] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    policy_goals: list[PolicyGoal] = field(default_factory=list)


@dataclass
class DraftView:
    draft: UnitDraft
    goals: list[DraftGoal]
    checks: list[Check]  # every check of the draft, for the summary
    city_goals: list[StrategicGoal]
    perspectives: list[Perspective] = field(default_factory=list)
    programs: list[BudgetProgram] = field(default_factory=list)

    @property
    def errors(self) -> list[Check]:
        return [c for c in self.checks if c.level == "error"]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.level == "warning"]

    @property
    def indicator_count(self) -> int:
        return sum(len(g.indicators) for g in self.goals)


def targets_of(plan: Plan, indicator_ids: list[int] | None = None) -> dict[int, str]:
    """The plan year's target of each indicator as typed, by indicator id."""
    qs = IndicatorValue.objects.filter(
        indicator__plan=plan, kind=IndicatorValue.Kind.TARGET, year=plan.year, quarter=0, month=0
    )
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=indicator_ids)
    return dict(qs.values_list("indicator_id", "raw_text"))


def city_goals(rnd: PlanningRound) -> list[StrategicGoal]:
    """The goals of the city (the round's city owner) that units' goals carry."""
    if rnd.city_owner_id is None:
        return []
    return list(StrategicGoal.objects.filter(plan=rnd.plan, owner_id=rnd.city_owner_id))


def _weight_of(ind: Indicator) -> Decimal | None:
    return ind.weight


def draft_view(*, draft: UnitDraft) -> DraftView:
    """A unit's draft: its goals and indicators with targets, comments and live checks."""
    rnd = draft.round
    plan = rnd.plan
    goals = list(
        StrategicGoal.objects.filter(plan=plan, owner=draft.owner)
        .select_related("parent", "perspective")
        .order_by("position", "pk")
    )
    indicators = list(
        Indicator.objects.filter(plan=plan, owner=draft.owner)
        .select_related("perspective", "previous")
        .order_by("position", "pk")
    )
    targets = targets_of(plan, [i.pk for i in indicators])
    comments = list(
        ReviewComment.objects.filter(draft=draft).select_related("author").order_by("created_at")
    )
    by_goal: dict[int, list[DraftIndicator]] = defaultdict(list)
    items: list[DraftIndicator] = []
    for ind in indicators:
        item = DraftIndicator(
            ind,
            targets.get(ind.pk, ""),
            comments=[c for c in comments if c.indicator_id == ind.pk],
        )
        by_goal[ind.strategic_goal_id].append(item)
        items.append(item)
    policies: dict[int, list[PolicyGoal]] = defaultdict(list)
    for pg in PolicyGoal.objects.filter(plan=plan, strategic_goal__owner=draft.owner).order_by(
        "position", "pk"
    ):
        policies[pg.strategic_goal_id].append(pg)
    draft_goals = [
        DraftGoal(
            g,
            by_goal.get(g.pk, []),
            comments=[c for c in comments if c.goal_id == g.pk],
            policy_goals=policies.get(g.pk, []),
        )
        for g in goals
    ]
    programs = list(
        BudgetProgram.objects.filter(plan=plan, owner=draft.owner)
        .select_related("strategic_goal", "policy_goal")
        .order_by("position", "pk")
    )
    cities = city_goals(rnd)
    checks = _checks(rnd, draft, draft_goals, items, cities, programs)
    for dg in draft_goals:
        dg.checks = [c for c in checks if c.goal_id == dg.goal.pk and c.indicator_id is None]
        for item in dg.indicators:
            item.checks = [c for c in checks if c.indicator_id == item.indicator.pk]
    return DraftView(
        draft=draft,
        goals=draft_goals,
        checks=checks,
        city_goals=cities,
        perspectives=list(
            Perspective.objects.filter(plan=plan, owner=draft.owner).order_by("position", "pk")
        ),
        programs=programs,
    )


def _checks(
    rnd: PlanningRound,
    draft: UnitDraft,
    goals: list[DraftGoal],
    items: list[DraftIndicator],
    cities: list[StrategicGoal],
    programs: list[BudgetProgram],
) -> list[Check]:
    out: list[Check] = []
    goal_cap, indicator_cap = draft.goal_cap, draft.indicator_cap
    if goal_cap is not None and len(goals) > goal_cap:
        out.append(
            Check(
                "error",
                gettext("전략목표가 %(count)s개로 상한(%(cap)s개)을 넘습니다. 목표를 줄이세요.")
                % {"count": len(goals), "cap": goal_cap},
            )
        )
    if indicator_cap is not None and len(items) > indicator_cap:
        out.append(
            Check(
                "error",
                gettext("성과지표가 %(count)s개로 상한(%(cap)s개)을 넘습니다. 지표를 줄이세요.")
                % {"count": len(items), "cap": indicator_cap},
            )
        )
    # weights: within each perspective (or the whole unit without perspectives), the
    # indicators' weights add up to 100 once any of them has one
    groups: dict[str, list[Indicator]] = defaultdict(list)
    for item in items:
        ind = item.indicator
        groups[ind.perspective.name if ind.perspective else ""].append(ind)
    for name, inds in groups.items():
        weights = [w for w in (_weight_of(i) for i in inds) if w is not None]
        if weights and sum(weights, Decimal(0)) != HUNDRED:
            total = format(sum(weights, Decimal(0)).normalize(), "f")
            out.append(
                Check(
                    "error",
                    (
                        gettext(
                            "'%(perspective)s' 관점 지표의 가중치 합계가 %(total)s입니다. 100이 되게 고치세요."
                        )
                        if name
                        else gettext("지표 가중치 합계가 %(total)s입니다. 100이 되게 고치세요.")
                    )
                    % {"perspective": name, "total": total},
                )
            )
    required = [f for f in rnd.required_fields if f in REQUIRED_FIELDS]
    for item in items:
        ind = item.indicator
        missing = []
        for f in required:
            if f == "target":
                empty = not item.target.strip()
            elif f == "weight":
                empty = ind.weight is None
            elif f == "due_month":
                empty = ind.due_month is None
            else:
                empty = not str(getattr(ind, f) or "").strip()
            if empty:
                missing.append(REQUIRED_FIELDS[f])
        if missing:
            out.append(
                Check(
                    "error",
                    gettext("'%(indicator)s'의 %(fields)s을(를) 입력하세요.")
                    % {"indicator": ind.name, "fields": ", ".join(missing)},
                    goal_id=ind.strategic_goal_id,
                    indicator_id=ind.pk,
                )
            )
        if item.target.strip() and parse_value(item.target).kind is Qualifier.TEXT:
            out.append(
                Check(
                    "error",
                    gettext(
                        "'%(indicator)s'의 목표 '%(target)s'을(를) 읽을 수 없습니다. 80.5, 12.5%%, "
                        "△1.2, 230(1,942) 처럼 문서에 쓰는 대로 입력하세요."
                    )
                    % {"indicator": ind.name, "target": item.target},
                    goal_id=ind.strategic_goal_id,
                    indicator_id=ind.pk,
                )
            )
    for dg in goals:
        if cities and dg.goal.parent_id is None:
            out.append(
                Check(
                    "error",
                    gettext("전략목표 '%(goal)s'이(가) 뒷받침하는 시 목표를 고르세요.")
                    % {"goal": dg.goal.name},
                    goal_id=dg.goal.pk,
                )
            )
        if not dg.indicators:
            out.append(
                Check(
                    "warning",
                    gettext("전략목표 '%(goal)s'에 성과지표가 없습니다.") % {"goal": dg.goal.name},
                    goal_id=dg.goal.pk,
                )
            )
    for program in programs:
        if program.strategic_goal_id is None:
            out.append(
                Check(
                    "error",
                    gettext("예산사업 '%(program)s'이(가) 어느 전략목표에도 연결되지 않았습니다.")
                    % {"program": program.name},
                    program_id=program.pk,
                )
            )
    return out


@dataclass
class RoundRow:
    draft: UnitDraft
    goals: int
    indicators: int
    errors: int
    comments: int


def round_progress(*, rnd: PlanningRound) -> list[RoundRow]:
    """Per unit of the round: where its draft stands, its counts and open errors."""
    rows = []
    for draft in rnd.drafts.select_related("owner__unit", "round__plan", "submitted_by"):
        view = draft_view(draft=draft)
        rows.append(
            RoundRow(
                draft=draft,
                goals=len(view.goals),
                indicators=view.indicator_count,
                errors=len(view.errors),
                comments=sum(
                    len(g.comments) + sum(len(i.comments) for i in g.indicators) for g in view.goals
                ),
            )
        )
    return rows


def drafts_for(*, rnd: PlanningRound, unit_ids: set[int] | None) -> QuerySet[UnitDraft]:
    """The round's unit drafts (of ``unit_ids`` only, unless None: every unit)."""
    qs = rnd.drafts.select_related("owner__unit")
    return qs if unit_ids is None else qs.filter(owner__unit_id__in=unit_ids)


# --- versions --------------------------------------------------------------------------------


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def plan_snapshot(plan: Plan) -> dict[str, Any]:
    """What a plan version stores: its goals and indicators with weights, targets, due
    months and definitions, as text, keyed by id."""
    targets = targets_of(plan)
    goals = {
        str(g.pk): {
            "owner": str(g.owner),
            "code": g.code,
            "name": g.name,
            "parent": g.parent.name if g.parent else "",
        }
        for g in StrategicGoal.objects.filter(plan=plan).select_related("owner__unit", "parent")
    }
    indicators = {
        str(i.pk): {
            "owner": str(i.owner),
            "goal": i.strategic_goal.name,
            "name": i.name,
            "weight": _plain(i.weight),
            "target": targets.get(i.pk, ""),
            "due_month": str(i.due_month or ""),
            "definition": i.definition,
            "formula": i.formula,
        }
        for i in Indicator.objects.filter(plan=plan).select_related("owner__unit", "strategic_goal")
    }
    return {"goals": goals, "indicators": indicators}


FIELD_LABELS = {
    "owner": "부서",
    "code": "코드",
    "name": "이름",
    "parent": "상위 목표",
    "goal": "전략목표",
    "weight": "가중치",
    "target": "목표",
    "due_month": "최종실적월",
    "definition": "정의",
    "formula": "산식",
}


@dataclass(frozen=True)
class Difference:
    kind: str  # "goal" | "indicator"
    owner: str
    name: str
    change: str  # "added" | "removed" | "changed"
    field: str = ""
    before: str = ""
    after: str = ""


def versions_compare(a: PlanVersion, b: PlanVersion) -> list[Difference]:
    """Item by item, what differs from version ``a`` to version ``b``."""
    out: list[Difference] = []
    for kind, key in (("goal", "goals"), ("indicator", "indicators")):
        before: dict[str, dict[str, str]] = a.snapshot.get(key, {})
        after: dict[str, dict[str, str]] = b.snapshot.get(key, {})
        for pk in sorted(set(before) | set(after), key=lambda x: int(x)):
            old, new = before.get(pk), after.get(pk)
            if old is None and new is not None:
                out.append(Difference(kind, new["owner"], new["name"], "added"))
            elif new is None and old is not None:
                out.append(Difference(kind, old["owner"], old["name"], "removed"))
            elif old is not None and new is not None:
                for f in new:
                    if old.get(f, "") != new[f]:
                        out.append(
                            Difference(
                                kind,
                                new["owner"],
                                new["name"],
                                "changed",
                                FIELD_LABELS.get(f, f),
                                old.get(f, ""),
                                new[f],
                            )
                        )
    return out


def plan_versions(*, plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).select_related("created_by"))


def change_requests(*, plan: Plan, unit_ids: set[int] | None = None) -> list[ChangeRequest]:
    """The plan's change requests, newest first (of ``unit_ids`` only, unless None)."""
    qs = ChangeRequest.objects.filter(plan=plan).select_related(
        "indicator__owner__unit", "requested_by", "decided_by", "plan_version"
    )
    if unit_ids is not None:
        qs = qs.filter(indicator__owner__unit_id__in=unit_ids)
    return list(qs)


def target_changes(*, plan: Plan) -> list[ChangeRequest]:
    """The approved target changes of a plan, oldest first (the 성과보고서 notes them)."""
    return list(
        ChangeRequest.objects.filter(
            plan=plan, field=ChangeRequest.Field.TARGET, status=ChangeRequest.Status.APPROVED
        )
        .select_related("indicator")
        .order_by("decided_at", "pk")
    )


def decimal_or_none(text: str) -> Decimal | None:
    """A typed weight as Decimal (None when blank); ValueError when it is not a number."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def drafts_editable_by(user: Any, drafts: Iterable[UnitDraft]) -> set[int]:
    """Which of ``drafts`` the user may edit now (for the pages' buttons; the services
    check again)."""
    return {
        d.pk
        for d in drafts
        if d.status in (UnitDraft.Status.DRAFTING, UnitDraft.Status.RETURNED)
        and d.round.status == PlanningRound.Status.OPEN
        and can_draft_plan(user, d.round.plan, d.owner.unit)
    }


# --- what others changed in a draft (the conflict page) ----------------------------------------

SHOWN_FIELDS = {
    "name": "이름",
    "weight": "가중치",
    "due_month": "최종실적월",
    "definition": "정의",
    "formula": "산식",
    "data_source": "자료 출처",
    "unit_of_measure": "단위",
    "raw_text": "목표",
    "strategic_goal_id": "전략목표",
    "policy_goal_id": "정책사업목표",
    "perspective_id": "관점",
    "parent_id": "상위 목표",
}
ITEM_MODELS = (
    "plans.StrategicGoal",
    "plans.PolicyGoal",
    "plans.Indicator",
    "plans.BudgetProgram",
    "results.IndicatorValue",
)


@dataclass(frozen=True)
class SeenChange:
    """One change another person made to a draft: who, when, which item, and its fields
    (label, before, after; a link field shows no values)."""

    actor: str
    at: Any
    action: str
    item: str
    fields: list[tuple[str, str, str]]


@dataclass(frozen=True)
class DraftChanges:
    """What changed in a draft since the version a person read: the people, the last
    time, and the changes of its items."""

    by: list[str]
    last_at: Any
    changes: list[SeenChange]


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _was_ours(event: AuditEvent, draft: UnitDraft, pks: dict[str, set[str]]) -> bool:
    """Whether a deleted item belonged to ``draft`` (read from its last values)."""
    if event.action != AuditEvent.Action.DELETE:
        return False
    last = {k: v[0] for k, v in event.changes.items()}
    if last.get("plan_id") not in (None, draft.round.plan_id):
        return False
    if "owner_id" in last:
        return bool(last["owner_id"] == draft.owner_id)
    if "strategic_goal_id" in last:
        return str(last["strategic_goal_id"]) in pks["plans.StrategicGoal"]
    return str(last.get("indicator_id")) in pks["plans.Indicator"]


def draft_changes_since(*, draft: UnitDraft, version: int) -> DraftChanges:
    """Who changed ``draft`` after ``version`` and what: its version bumps in the audit
    trail, and the changes of its goals, policy goals, indicators, targets and budget
    programs between them. A fixed number of queries."""
    bumps = list(
        AuditEvent.objects.filter(model="planning.UnitDraft", object_pk=str(draft.pk)).order_by(
            "at", "id"
        )
    )
    start = 0
    later = []
    for event in bumps:
        before_after = event.changes.get("version")
        if event.action == AuditEvent.Action.CREATE or (
            before_after and int(before_after[1] or 0) <= version
        ):
            start = event.id
        elif before_after:
            later.append(event)
    if not later:
        return DraftChanges(by=[], last_at=None, changes=[])
    plan_id = draft.round.plan_id
    pks: dict[str, set[str]] = {
        "plans.StrategicGoal": set(),
        "plans.PolicyGoal": set(),
        "plans.Indicator": set(),
        "plans.BudgetProgram": set(),
        "results.IndicatorValue": set(),
    }
    pks["plans.StrategicGoal"] = {
        str(pk)
        for pk in StrategicGoal.objects.filter(
            plan_id=plan_id, owner_id=draft.owner_id
        ).values_list("pk", flat=True)
    }
    pks["plans.PolicyGoal"] = {
        str(pk)
        for pk in PolicyGoal.objects.filter(
            plan_id=plan_id, strategic_goal__owner_id=draft.owner_id
        ).values_list("pk", flat=True)
    }
    pks["plans.Indicator"] = {
        str(pk)
        for pk in Indicator.objects.filter(plan_id=plan_id, owner_id=draft.owner_id).values_list(
            "pk", flat=True
        )
    }
    pks["plans.BudgetProgram"] = {
        str(pk)
        for pk in BudgetProgram.objects.filter(
            plan_id=plan_id, owner_id=draft.owner_id
        ).values_list("pk", flat=True)
    }
    pks["results.IndicatorValue"] = {
        str(pk)
        for pk in IndicatorValue.objects.filter(
            indicator__plan_id=plan_id,
            indicator__owner_id=draft.owner_id,
            kind=IndicatorValue.Kind.TARGET,
        ).values_list("pk", flat=True)
    }
    events = AuditEvent.objects.filter(
        model__in=ITEM_MODELS, id__gt=start, id__lt=later[-1].id
    ).order_by("at", "id")
    changes = []
    for event in events:
        if event.object_pk not in pks[event.model] and not _was_ours(event, draft, pks):
            continue
        fields = [
            (
                SHOWN_FIELDS[name],
                "" if name.endswith("_id") else _shown(pair[0]),
                "" if name.endswith("_id") else _shown(pair[1]),
            )
            for name, pair in event.changes.items()
            if name in SHOWN_FIELDS and event.action == AuditEvent.Action.UPDATE
        ]
        changes.append(
            SeenChange(
                actor=event.actor_label,
                at=event.at,
                action=event.get_action_display(),
                item=event.object_repr,
                fields=fields,
            )
        )
    by = list(dict.fromkeys(e.actor_label for e in later))
    return DraftChanges(by=by, last_at=later[-1].at, changes=changes)


# --- invited reviewers -------------------------------------------------------------------------


def round_reviewers(*, rnd: PlanningRound) -> list[RoundReviewer]:
    """The people invited to review the round, in the order they were invited."""
    return list(RoundReviewer.objects.filter(round=rnd).select_related("user", "invited_by"))


def reviewer_candidates(*, rnd: PlanningRound) -> list[Any]:
    """People of the organisation the office may invite: committee members, unit managers
    and staff holding a role today, not invited yet, by name."""
    invited = set(RoundReviewer.objects.filter(round=rnd).values_list("user_id", flat=True))
    people = users_with_role(
        organisation_id=rnd.organisation_id,
        roles=[Role.COMMITTEE_MEMBER, Role.UNIT_MANAGER, Role.UNIT_STAFF],
    )
    return sorted(
        (p for p in people if p.pk not in invited),
        key=lambda p: p.get_full_name() or p.username,
    )


def may_comment(user: Any, rnd: PlanningRound) -> bool:
    """Whether ``user`` may read every draft of the round and comment: the office, or an
    invited reviewer (the services check again)."""
    invited = RoundReviewer.objects.filter(round=rnd).values_list("user_id", flat=True)
    return can_comment_plan(user, rnd.plan, invited)


# --- "my work" -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundProgress:
    """An open round and how many of its units' drafts are submitted, accepted and
    returned (of ``total``)."""

    round: PlanningRound
    total: int
    submitted: int
    accepted: int
    returned: int


def open_rounds_progress(*, organisation_ids: Iterable[int]) -> list[RoundProgress]:
    """The open rounds of the organisations with their units' progress: one query."""
    ids = list(organisation_ids)
    if not ids:
        return []
    rounds = (
        PlanningRound.objects.filter(organisation_id__in=ids, status=PlanningRound.Status.OPEN)
        .select_related("plan__organisation")
        .annotate(
            n_total=Count("drafts"),
            n_submitted=Count("drafts", filter=Q(drafts__status=UnitDraft.Status.SUBMITTED)),
            n_accepted=Count("drafts", filter=Q(drafts__status=UnitDraft.Status.ACCEPTED)),
            n_returned=Count("drafts", filter=Q(drafts__status=UnitDraft.Status.RETURNED)),
        )
        .order_by("deadline", "pk")
    )
    return [RoundProgress(r, r.n_total, r.n_submitted, r.n_accepted, r.n_returned) for r in rounds]


def open_drafts_of_units(*, organisation_id: int, unit_ids: set[int]) -> list[UnitDraft]:
    """The drafts of ``unit_ids`` in the organisation's open rounds, deadline first: one
    query."""
    if not unit_ids:
        return []
    return list(
        UnitDraft.objects.filter(
            round__organisation_id=organisation_id,
            round__status=PlanningRound.Status.OPEN,
            owner__unit_id__in=unit_ids,
        )
        .select_related("round__plan__organisation", "owner__unit")
        .order_by("round__deadline", "owner__unit__name", "pk")
    )


def pending_change_requests(
    *, organisation_id: int, unit_ids: set[int] | None
) -> list[ChangeRequest]:
    """The organisation's change requests waiting for the office's decision (of
    ``unit_ids`` only, unless None), oldest first: one query."""
    qs = ChangeRequest.objects.filter(
        plan__organisation_id=organisation_id, status=ChangeRequest.Status.PENDING
    ).select_related("plan__organisation", "indicator__owner__unit")
    if unit_ids is not None:
        qs = qs.filter(indicator__owner__unit_id__in=unit_ids)
    return list(qs.order_by("created_at", "pk"))


def rounds_reviewed_by(*, user: Any) -> list[PlanningRound]:
    """The open rounds ``user`` is invited to review, deadline first: one query."""
    return list(
        PlanningRound.objects.filter(reviewers__user_id=user.pk, status=PlanningRound.Status.OPEN)
        .select_related("plan__organisation")
        .order_by("deadline", "pk")
    )
