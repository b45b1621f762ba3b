"""What the API answers, field by field (the OpenAPI document is built from these)."""

from __future__ import annotations

from ninja import Field, Schema


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
    year: int = Field(ge=1900, le=2999, description="실적 연도")
    quarter: int = Field(0, ge=0, le=4, description="분기(연간 실적은 0)")
    month: int = Field(0, ge=0, le=12, description="월(연간·분기 실적은 0)")
    raw_text: str = Field(max_length=300, description="문서에 쓰는 그대로의 실적(예: 82.5, △1.2)")
    note: str = Field("", max_length=2000, description="입력자 메모")
    version: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="이미 있는 실적을 고칠 때, 읽은 버전(없으면 새로 입력)",
    )


class VersionIn(Schema):
    version: int = Field(ge=1, le=2**63 - 1, description="읽은 버전")
