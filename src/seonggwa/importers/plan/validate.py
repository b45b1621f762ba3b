"""Checks of a parsed 총괄 + 비중 document: what it declares against what its detail adds up to.

Rules (domain.md section 8): R1 totals row, R2 비교증감, R3 resource shares, R4 structural
counts, R5 report status counts (in ``importers.report.validate``), R21 identity, and the
A20/A23 page-repeat and pairing checks. Every finding names the unit and source line and
says how to fix it; nothing is repaired.

``validate`` returns the parser's own findings (``doc.findings``) followed by the rule
findings, ordered by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.rounding import round_half_up
from seonggwa.engine.text import norm_key
from seonggwa.importers.plan.parse import SPEC, TableSpec
from seonggwa.importers.records import ParsedDocument, ParsedIndicator, ParsedOwner, SummaryRow
from seonggwa.importers.text import parse_int_cell, share_text

__all__ = [
    "DetailCounts",
    "by_line",
    "detail_counts",
    "owner_indicators",
    "owner_lines",
    "rule_findings",
    "summary_for_owner",
    "summary_int",
    "validate",
]

_LABELS = {
    "strategic_goals": "전략목표수",
    "policy_goals": "정책사업목표 개수",
    "indicators": "지표수",
    "unit_programs": "단위사업수",
    "budget": "예산액",
    "previous_budget": "전년도예산액",
    "change": "비교증감",
    "exceeded": "초과달성",
    "achieved": "달성",
    "not_achieved": "미달성",
    "settlement": "결산액",
    "previous_settlement": "전년도 결산액",
}


@dataclass(slots=True)
class DetailCounts:
    """What the detail table adds up to for one owner (R4, R5)."""

    strategic_goals: int = 0
    policy_goals: int = 0
    indicators: int = 0
    marks: dict[str, int] = field(default_factory=dict)  # "◎" / "○" / "×" / "-" -> n
    missing_marks: int = 0
    far_right: int = 0  # indicators read from the far right of a row (A13)


def _f(
    severity: Severity,
    code: str,
    message: str,
    *,
    unit: str | None = None,
    line: int | None = None,
    **details: str,
) -> Finding:
    return Finding(
        severity=severity, code=code, message=message, unit=unit, line=line, details=dict(details)
    )


def owner_indicators(owner: ParsedOwner) -> list[tuple[str, ParsedIndicator]]:
    """(policy-goal name, indicator) for every indicator of the owner."""
    out: list[tuple[str, ParsedIndicator]] = []
    for goal in owner.strategic_goals:
        out.extend(("", ind) for ind in goal.indicators)
        for pg in goal.policy_goals:
            out.extend((pg.name, ind) for ind in pg.indicators)
    return out


def detail_counts(owner: ParsedOwner) -> DetailCounts:
    """Distinct strategic goals, distinct policy goals, indicator rows and marks of an owner."""
    counts = DetailCounts(strategic_goals=len(owner.strategic_goals))
    counts.policy_goals = sum(len(g.policy_goals) for g in owner.strategic_goals)
    for _, ind in owner_indicators(owner):
        counts.indicators += 1
        if ind.mark is None:
            counts.missing_marks += 1
        else:
            counts.marks[ind.mark] = counts.marks.get(ind.mark, 0) + 1
        if any("far right" in n for n in ind.notes):
            counts.far_right += 1
    return counts


def owner_lines(owner: ParsedOwner) -> tuple[int, int]:
    """First and last source line of an owner's detail rows."""
    lines = [owner.line]
    for goal in owner.strategic_goals:
        lines.append(goal.line)
        lines.extend(v.line for pair in goal.repeats for v in pair if v is not None)
        lines.extend(ind.line for ind in goal.indicators)
        for pg in goal.policy_goals:
            lines.append(pg.line)
            lines.extend(ind.line for ind in pg.indicators)
    return min(lines), max(lines)


def summary_for_owner(doc: ParsedDocument, owner: ParsedOwner) -> SummaryRow | None:
    """The summary row of an owner: same name without whitespace, else a unique prefix."""
    key = norm_key(owner.name)
    rows = [r for r in doc.summary_rows if norm_key(r.unit) == key]
    if rows:
        return rows[0]
    rows = [
        r
        for r in doc.summary_rows
        if key and (norm_key(r.unit).startswith(key) or key.startswith(norm_key(r.unit)))
    ]
    return rows[0] if len(rows) == 1 else None


def _uname(doc: ParsedDocument, owner: ParsedOwner) -> str:
    row = summary_for_owner(doc, owner)
    return row.unit if row is not None else owner.name


def summary_int(row: SummaryRow, key: str) -> int | None:
    raw = row.cells.get(key, "")
    if raw.strip() in ("", "-"):
        return 0 if raw.strip() == "-" else None
    return parse_int_cell(raw)


# --- summary rules (R1, R2) ---------------------------------------------------------------


def _summary_findings(doc: ParsedDocument, spec: TableSpec) -> list[Finding]:
    out: list[Finding] = []
    money_tolerance_per_row = doc.money_unit in ("천원", "백만원", "억원")  # rounded per row
    seen: dict[str, SummaryRow] = {}
    for row in doc.summary_rows:
        key = norm_key(row.unit)
        if key in seen:
            first = seen[key]
            same = first.cells == row.cells
            out.append(
                _f(
                    Severity.ERROR,
                    "summary.duplicate_row",
                    f"{row.unit}: 총괄표에 같은 실국 행이 두 번 있습니다(처음 {first.line}행"
                    + (", 값도 같음" if same else ", 값은 다름")
                    + "). 하나를 지우거나 실국명을 고치십시오.",
                    unit=row.unit,
                    line=row.line,
                    first_line=str(first.line),
                )
            )
        else:
            seen[key] = row
        for col in (*spec.count_keys, *spec.money_keys):
            raw = row.cells.get(col, "")
            if raw.strip() and raw.strip() != "-" and parse_int_cell(raw) is None:
                out.append(
                    _f(
                        Severity.ERROR,
                        "summary.cell_not_number",
                        f"{row.unit}: {_LABELS.get(col, col)} 칸 '{raw}'이(가) 숫자가 아닙니다. "
                        "원본 값을 확인하십시오.",
                        unit=row.unit,
                        line=row.line,
                        column=col,
                    )
                )
    rows_all = ([doc.summary_total] if doc.summary_total else []) + doc.summary_rows
    # R2: change = amount - previous amount
    amount_key, previous_key = spec.money_keys[0], spec.money_keys[1]
    for row in rows_all:
        amount, previous, change = (
            summary_int(row, amount_key),
            summary_int(row, previous_key),
            summary_int(row, "change"),
        )
        if amount is None or previous is None or change is None:
            continue
        gap = change - (amount - previous)
        if gap == 0:
            continue
        rounding = money_tolerance_per_row and abs(gap) <= 1
        out.append(
            _f(
                Severity.INFO if rounding else Severity.ERROR,
                "summary.change_rounding" if rounding else "summary.change_mismatch",
                f"{row.unit}: 비교증감 {row.cells.get('change')}이(가) "
                f"{_LABELS[amount_key]} − {_LABELS[previous_key]} = {amount - previous:,}와 "
                f"{gap:+,} 다릅니다"
                + (
                    f" ({doc.money_unit} 단위 반올림 차이로 보입니다; 고칠 필요는 없습니다)."
                    if rounding
                    else ". 세 값 중 틀린 값을 찾아 고치십시오."
                ),
                unit=row.unit,
                line=row.line,
                printed=str(change),
                computed=str(amount - previous),
            )
        )
    # R1: 계 = column sums
    total = doc.summary_total
    if total is None:
        if doc.summary_rows:
            out.append(
                _f(
                    Severity.WARNING,
                    "summary.total_missing",
                    "총괄표에 '계' 행이 없어 합계를 검증하지 못했습니다.",
                    line=doc.summary_rows[0].line,
                )
            )
        return out
    n_rows = len(doc.summary_rows)
    for col in (*spec.count_keys, *spec.money_keys):
        printed = summary_int(total, col)
        values = [summary_int(r, col) for r in doc.summary_rows]
        if printed is None or any(v is None for v in values):
            continue
        computed = sum(v for v in values if v is not None)
        gap = printed - computed
        if gap == 0:
            continue
        is_money = col in spec.money_keys
        rounding = is_money and money_tolerance_per_row and abs(gap) <= n_rows
        out.append(
            _f(
                Severity.INFO if rounding else Severity.ERROR,
                "summary.total_rounding" if rounding else "summary.total_mismatch",
                f"계 행의 {_LABELS.get(col, col)} {total.cells.get(col)}이(가) 실국 {n_rows}개 행의 합 "
                f"{computed:,}와 {gap:+,} 다릅니다"
                + (
                    f" ({doc.money_unit} 단위로 행마다 반올림한 차이, 허용 범위 ±{n_rows}; "
                    "고칠 필요는 없습니다)."
                    if rounding
                    else ". 실국 행이나 계 행의 값을 고치십시오."
                ),
                unit="계",
                line=total.line,
                column=col,
                printed=str(printed),
                computed=str(computed),
            )
        )
    return out


# --- detail rules (R3, R4, R21, A20, A23) ---------------------------------------------------


def _count_findings(doc: ParsedDocument) -> list[Finding]:
    out: list[Finding] = []
    matched: set[int] = set()
    for owner in doc.owners:
        row = summary_for_owner(doc, owner)
        first, last = owner_lines(owner)
        if row is None:
            out.append(
                _f(
                    Severity.ERROR,
                    "detail.unit_not_in_summary",
                    f"세부표의 실국 '{owner.name}'이(가) 총괄표에 없습니다. 실국명 표기를 맞추거나 "
                    "총괄표에 행을 넣으십시오.",
                    unit=_uname(doc, owner),
                    line=owner.line,
                )
            )
            continue
        matched.add(id(row))
        counts = detail_counts(owner)
        computed = {
            "strategic_goals": counts.strategic_goals,
            "policy_goals": counts.policy_goals,
            "indicators": counts.indicators,
        }
        diffs = []
        for key, value in computed.items():
            declared = summary_int(row, key)
            if declared is not None and declared != value:
                diffs.append(f"{_LABELS[key]} {declared} → 세부표 {value}")
        if diffs:
            out.append(
                _f(
                    Severity.ERROR,
                    "detail.count_mismatch",
                    f"{row.unit}: 총괄표와 세부표({first}–{last}행)의 개수가 다릅니다: "
                    + "; ".join(diffs)
                    + ". 세부표의 빠진/합쳐진 행이나 총괄표 값을 확인해 고치십시오.",
                    unit=row.unit,
                    line=row.line,
                    declared="/".join(str(summary_int(row, k)) for k in computed),
                    computed="/".join(str(v) for v in computed.values()),
                    detail_lines=f"{first}-{last}",
                )
            )
            if counts.indicators < (summary_int(row, "indicators") or 0):
                out.extend(_fused_indicator_findings(doc, owner))
        elif counts.far_right:
            out.append(
                _f(
                    Severity.INFO,
                    "detail.count_relies_on_far_right",
                    f"{row.unit}: 개수가 맞는 것은 행 오른쪽 끝의 두 번째 지표 {counts.far_right}개를 "
                    "셀 때뿐입니다(A13). 두 단 편집을 원본에서 확인하십시오.",
                    unit=row.unit,
                    line=row.line,
                    detail_lines=f"{first}-{last}",
                )
            )
    for row in doc.summary_rows:
        if id(row) in matched:
            continue
        printed = [summary_int(row, k) for k in ("strategic_goals", "policy_goals", "indicators")]
        if any(v for v in printed):
            out.append(
                _f(
                    Severity.ERROR,
                    "detail.count_mismatch",
                    f"{row.unit}: 총괄표에는 목표/지표가 있는데 세부표에 이 실국의 행이 없습니다. "
                    "세부표의 '(실국명)' 표기를 확인하십시오.",
                    unit=row.unit,
                    line=row.line,
                    declared="/".join(str(v) for v in printed),
                    computed="0/0/0",
                )
            )
    return out


_NAME_HEADS = ("률", "율", "건수", "실적", "추진", "인원", "횟수", "만족도", "달성도")


def _fused_indicator_findings(doc: ParsedDocument, owner: ParsedOwner) -> list[Finding]:
    """Indicator cells that read as two names (A13), in a unit short of indicators."""
    out: list[Finding] = []
    for _, ind in owner_indicators(owner):
        tokens = ind.name.split()
        for k in range(1, len(tokens)):
            left, right = norm_key(" ".join(tokens[:k])), norm_key(" ".join(tokens[k:]))
            if len(left) >= 6 and len(right) >= 5 and left.endswith(_NAME_HEADS):
                out.append(
                    _f(
                        Severity.WARNING,
                        "detail.fused_indicators_suspected",
                        f"{owner.name}: 지표 칸 '{ind.name}'에 지표명 두 개가 붙어 있는 것 같습니다"
                        f"('{' '.join(tokens[:k])}' / '{' '.join(tokens[k:])}', A13). "
                        "원본에서 확인해 행을 나누십시오.",
                        unit=_uname(doc, owner),
                        line=ind.line,
                    )
                )
                break
    return out


def _dec(raw: str) -> Decimal | None:
    text = share_text(raw)
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _share_findings(doc: ParsedDocument) -> list[Finding]:
    out: list[Finding] = []
    goals = [(o, g) for o in doc.owners for g in o.strategic_goals]
    amounts = [(o, g, parse_int_cell(g.amount.raw) if g.amount else None) for o, g in goals]
    denominator = sum(a for _, _, a in amounts if a is not None)
    incomplete = [o.name for o, _, a in amounts if a is None]
    for owner, goal, amount in amounts:
        # A20: the same amount/share printed differently on a later page
        for amount_rep, share_rep in goal.repeats:
            for label, first, again in (
                ("금액", goal.amount, amount_rep),
                ("비중", goal.share, share_rep),
            ):
                if first is None or again is None or first.raw == again.raw:
                    continue
                same_number = (
                    label == "비중"
                    and _dec(first.raw) is not None
                    and _dec(first.raw) == _dec(again.raw)
                )
                out.append(
                    _f(
                        Severity.WARNING,
                        "detail.repeat_differs",
                        f"{owner.name}: 쪽마다 반복된 {label}이(가) 다르게 인쇄되었습니다"
                        f"({first.line}행 '{first.raw}' / {again.line}행 '{again.raw}', A20). "
                        "한쪽 표기를 고치십시오.",
                        unit=_uname(doc, owner),
                        line=again.line,
                        first_line=str(first.line),
                        same_number=str(same_number),
                    )
                )
        if goal.share is None or amount is None or denominator == 0:
            continue
        printed = _dec(goal.share.raw)
        if printed is None:
            out.append(
                _f(
                    Severity.ERROR,
                    "detail.share_not_number",
                    f"{owner.name}: 비중 '{goal.share.raw}'이(가) 숫자가 아닙니다.",
                    unit=_uname(doc, owner),
                    line=goal.share.line,
                )
            )
            continue
        exact = Decimal(amount) / Decimal(denominator) * 100
        computed = round_half_up(exact, 2)
        places = max(0, -int(printed.as_tuple().exponent))
        if round_half_up(exact, min(places, 2)) == printed:
            continue
        out.append(
            _f(
                Severity.ERROR,
                "detail.share_mismatch",
                f"{owner.name}: 비중 {printed}%가 계산값 {computed}%"
                f"(= {amount:,} ÷ 세부표 금액 합계 {denominator:,} × 100, 반올림)와 다릅니다"
                + (
                    f"; 금액이 없는 실국({', '.join(incomplete)})은 합계에서 빠졌습니다"
                    if incomplete
                    else ""
                )
                + ". 금액이나 비중을 고치십시오.",
                unit=_uname(doc, owner),
                line=goal.share.line,
                printed=str(printed),
                computed=str(computed),
                denominator=str(denominator),
            )
        )
    return out


_RATE_WORDS = ("만족도", "률", "율", "비율", "달성도")
_COUNT_UNITS = ("명", "건", "개", "회", "인원", "개소", "호", "대")


def _pairing_findings(doc: ParsedDocument) -> list[Finding]:
    out: list[Finding] = []
    for owner in doc.owners:
        by_name: dict[str, list[tuple[str, ParsedIndicator]]] = {}
        for policy, ind in owner_indicators(owner):
            by_name.setdefault(norm_key(ind.name), []).append((policy, ind))
            pkey, ikey = norm_key(policy), norm_key(ind.name)
            if policy and (ikey == pkey or (pkey.startswith(ikey) and len(pkey) >= 2 * len(ikey))):
                out.append(
                    _f(
                        Severity.WARNING,
                        "detail.indicator_is_goal_text",
                        f"{owner.name}: 성과지표 '{ind.name}'이(가) 정책사업목표 문구의 일부입니다"
                        "(사업명이 지표 칸에 들어갔거나 목표와 지표가 어긋남, A23). 원본을 확인하십시오.",
                        unit=_uname(doc, owner),
                        line=ind.line,
                    )
                )
            unit = ind.unit_of_measure
            name = norm_key(re.sub(r"\([^()]*\)\s*$", "", ind.name))
            if unit and (
                (name.endswith(_RATE_WORDS) and unit in _COUNT_UNITS)
                or (unit == "%" and name.endswith(("수", "건수", "인원", "횟수")))
            ):
                out.append(
                    _f(
                        Severity.WARNING,
                        "detail.unit_name_mismatch",
                        f"{owner.name}: 지표 '{ind.name}'의 단위 '{unit}'이(가) 이름과 맞지 않습니다. "
                        "단위나 지표명을 고치십시오.",
                        unit=_uname(doc, owner),
                        line=ind.line,
                    )
                )
        for entries in by_name.values():
            policies = {norm_key(p) for p, _ in entries}
            if len(policies) > 1:
                lines = ",".join(str(ind.line) for _, ind in entries)
                out.append(
                    _f(
                        Severity.INFO,
                        "detail.indicator_under_several_goals",
                        f"{owner.name}: 지표 '{entries[0][1].name}'이(가) 정책사업목표 {len(policies)}개 "
                        f"아래에 있습니다({lines}행, R21). 서로 다른 지표로 저장합니다; "
                        "같은 지표라면 원본을 정리하십시오.",
                        unit=_uname(doc, owner),
                        line=entries[0][1].line,
                        lines=lines,
                    )
                )
    return out


def rule_findings(doc: ParsedDocument, spec: TableSpec = SPEC) -> list[Finding]:
    """The R1-R4 / A20 / A23 / R21 findings (without the parser's own)."""
    out = _summary_findings(doc, spec)
    out += _count_findings(doc)
    out += _share_findings(doc)
    out += _pairing_findings(doc)
    return out


def by_line(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.line if f.line is not None else 0)


def validate(doc: ParsedDocument) -> list[Finding]:
    """All findings for a parsed plan: the parser's, then R1-R4, A20, A23, R21, by line."""
    return by_line(list(doc.findings) + rule_findings(doc, SPEC))
