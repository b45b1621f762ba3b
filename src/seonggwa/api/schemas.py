"""What the API answers, field by field (the OpenAPI document is built from these)."""

from __future__ import annotations

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str


class Error(Schema):
    error: ErrorBody


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    peer_group: str


class PlanOut(Schema):
    id: int
    organisation_id: int
    organisation: str
    year: int
    kind: str
    status: str
    title: str


class UnitOut(Schema):
    id: int
    organisation_id: int
    name: str
    unit_type: str
    parent_id: int | None


class GoalOut(Schema):
    id: int
    plan_id: int
    code: str
    name: str
    unit_id: int
    unit: str
    perspective: str | None
    parent_id: int | None


class ValueOut(Schema):
    id: int
    kind: str
    year: int
    quarter: int
    month: int
    raw_text: str
    value: str | None
    status: str | None  # only for the organisation's own people
    version: int | None  # only for the organisation's own people


class IndicatorOut(Schema):
    id: int
    plan_id: int
    code: str
    name: str
    unit_id: int
    unit: str
    strategic_goal_id: int
    unit_of_measure: str
    weight: str | None
    direction: str
    values: list[ValueOut]


class ResultOut(Schema):
    indicator_id: int
    indicator: str
    unit: str
    weight: str | None
    target: str
    actual: str
    achievement: str | None
    grade: str
    grade_mark: str
    score: str | None
    status: str


class RunOut(Schema):
    id: int
    plan_id: int
    period_key: str
    number: int
    published_at: str | None
    count: int
    items: list[ResultOut]


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


class GoalPage(Schema):
    count: int
    items: list[GoalOut]


class IndicatorPage(Schema):
    count: int
    items: list[IndicatorOut]


class ActualIn(Schema):
    year: int
    quarter: int = 0
    month: int = 0
    raw_text: str
    note: str = ""
    version: int | None = None  # the version read, to change an existing actual


class VersionIn(Schema):
    version: int
