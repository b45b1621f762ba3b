"""The tables an answer may attach (붙임/별첨): report kinds of the live registers. A module
kind (built from the organisation's register of a year) or a plan kind (built from a plan
of the year, the first of ``plan_kinds`` found). The keys are the report kinds of
:mod:`seonggwa.reports.modules` and :mod:`seonggwa.reports.kinds` (a test checks they
exist); this table sits below the reports layer so the services can validate a choice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AttachableKind:
    key: str
    name: str  # Korean name, as printed in the 붙임 list
    plan_kinds: tuple[str, ...] = ()  # empty: a module kind (organisation + year)


ATTACHABLE: tuple[AttachableKind, ...] = (
    AttachableKind("consignment", "민간위탁 종합성과평가 결과"),
    AttachableKind("reviews", "시정 주요사업 수시평가 결과"),
    AttachableKind("risks", "시정 리스크 관리 운영현황"),
    AttachableKind("projects", "주요 역점사업 정기평가 결과", ("projects",)),
    AttachableKind("joint-evaluation", "정부합동평가 결과", ("joint",)),
    AttachableKind("sustainability", "지속가능성 평가 결과", ("sust",)),
    AttachableKind("result", "BSC 기반 성과평가 결과", ("bsc", "plan", "report")),
    AttachableKind("bsc", "균형성과계획(BSC)", ("bsc",)),
)

BY_KEY = {k.key: k for k in ATTACHABLE}


def attachable(key: str) -> AttachableKind | None:
    return BY_KEY.get(key)
