"""Checks of a parsed 성과보고서: the plan checks (R1-R4, A20, A23, R21, with 원 exact)
plus R5 — 지표수 = 초과달성 + 달성 + 미달성 per summary row, and the marks of the detail
counted per unit (◎ 초과달성, ○ 달성, × 미달성, "-" not rated, counted under 미달성 by
default). A missing mark is an error; when the summary counts point at exactly one bucket
the finding suggests that mark, but nothing is filled in.
"""

from __future__ import annotations

from seonggwa.engine.findings import Finding, Severity
from seonggwa.importers.plan.validate import (
    by_line,
    detail_counts,
    owner_indicators,
    rule_findings,
    summary_for_owner,
    summary_int,
)
from seonggwa.importers.records import ParsedDocument, ParsedOwner, SummaryRow
from seonggwa.importers.report.parse import SPEC

__all__ = ["STATUS_KEYS", "mark_counts", "validate"]

STATUS_KEYS = ("exceeded", "achieved", "not_achieved")
_BUCKET_MARK = {"exceeded": "◎", "achieved": "○", "not_achieved": "×"}
_LABEL = {"exceeded": "초과달성", "achieved": "달성", "not_achieved": "미달성"}


def mark_counts(owner: ParsedOwner, *, not_rated_bucket: str = "not_achieved") -> dict[str, int]:
    """Marks of an owner's indicators per summary bucket (R5); "-" goes to ``not_rated_bucket``."""
    counts = detail_counts(owner)
    out = {
        "exceeded": counts.marks.get("◎", 0),
        "achieved": counts.marks.get("○", 0),
        "not_achieved": counts.marks.get("×", 0),
    }
    out[not_rated_bucket] += counts.marks.get("-", 0)
    return out


def _status_sum_findings(doc: ParsedDocument) -> list[Finding]:
    out: list[Finding] = []
    rows: list[SummaryRow] = ([doc.summary_total] if doc.summary_total else []) + doc.summary_rows
    for row in rows:
        total = summary_int(row, "indicators")
        parts = [summary_int(row, k) for k in STATUS_KEYS]
        if total is None or any(p is None for p in parts):
            continue
        computed = sum(p for p in parts if p is not None)
        if computed != total:
            out.append(
                Finding(
                    severity=Severity.ERROR,
                    code="summary.status_sum_mismatch",
                    message=f"{row.unit}: 지표수 {total}이(가) 초과달성+달성+미달성 = {computed}와 "
                    "다릅니다(R5, '-'는 미달성에 셉니다). 총괄표 값을 고치십시오.",
                    unit=row.unit,
                    line=row.line,
                    details={"printed": str(total), "computed": str(computed)},
                )
            )
    return out


def _mark_findings(doc: ParsedDocument, not_rated_bucket: str) -> list[Finding]:
    out: list[Finding] = []
    for owner in doc.owners:
        row = summary_for_owner(doc, owner)
        unit = row.unit if row is not None else owner.name
        computed = mark_counts(owner, not_rated_bucket=not_rated_bucket)
        missing = [ind for _, ind in owner_indicators(owner) if ind.mark is None]
        declared = {k: summary_int(row, k) for k in STATUS_KEYS} if row is not None else {}
        short = {
            k: (declared[k] or 0) - computed[k] for k in STATUS_KEYS if declared.get(k) is not None
        }
        explained = (
            bool(short)
            and all(v >= 0 for v in short.values())
            and sum(short.values()) == len(missing)
        )
        suggestion = ""
        if len(missing) == 1 and explained:
            bucket = next(k for k, v in short.items() if v == 1)
            suggestion = _BUCKET_MARK[bucket]
        for ind in missing:
            cell = next((n for n in ind.notes if n.startswith("mark cell")), "")
            hint = (
                f" 총괄표 개수로 보면 '{suggestion}'({_LABEL[next(k for k, v in short.items() if v == 1)]})"
                "일 수 있으나 자동으로 넣지 않았습니다."
                if suggestion
                else ""
            )
            out.append(
                Finding(
                    severity=Severity.ERROR,
                    code="detail.mark_missing",
                    message=f"{unit}: 지표 '{ind.name}'에 달성 표시(◎ ○ × -)가 없습니다"
                    f"({cell.replace('mark cell: ', '칸: ') or '빈 칸'}).{hint} 원본에서 확인해 넣으십시오.",
                    unit=unit,
                    line=ind.line,
                    details={"suggested": suggestion} if suggestion else {},
                )
            )
        if row is None or not short or all(v == 0 for v in short.values()) or explained:
            continue
        diffs = "; ".join(
            f"{_LABEL[k]} {declared[k]} → 세부표 {computed[k]}" for k, v in short.items() if v
        )
        out.append(
            Finding(
                severity=Severity.ERROR,
                code="detail.status_count_mismatch",
                message=f"{unit}: 총괄표의 달성도 개수와 세부표 표시 개수가 다릅니다: {diffs}"
                " ('-'는 미달성에 셉니다, R5). 표시나 총괄표 값을 고치십시오.",
                unit=unit,
                line=row.line,
                details={
                    "declared": "/".join(str(declared[k]) for k in STATUS_KEYS),
                    "computed": "/".join(str(computed[k]) for k in STATUS_KEYS),
                },
            )
        )
    return out


def validate(doc: ParsedDocument, *, not_rated_bucket: str = "not_achieved") -> list[Finding]:
    """All findings for a parsed report: the parser's, R1-R4 (원 exact), R5, A20, A23, R21."""
    findings = list(doc.findings) + rule_findings(doc, SPEC)
    findings += _status_sum_findings(doc)
    findings += _mark_findings(doc, not_rated_bucket)
    return by_line(findings)
