"""Import a VPS sheet (:mod:`.vps`) into the region results of a joint evaluation — in one
transaction with its source document, its findings and one ``import`` audit event.

A row whose region or indicator is unknown, whose value is not a number or is out of range,
or whose 달성여부 cannot be read is skipped with a finding at its line; the other rows are
written (a region's result on an indicator is replaced by the newer row). A sheet without
its header or required columns writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.core.limits import InputRefused, size_check
from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding, Severity
from seonggwa.engine.text import norm_key
from seonggwa.frameworks.models import JointIndicator, PeerGroupKind, Region, RegionResult
from seonggwa.importers.joint.parse import region_name
from seonggwa.importers.joint.vps import VALUE_RANGE, VpsRow, read_met, read_sheet, read_value
from seonggwa.importers.load import ImportFileError, _read
from seonggwa.importers.uploads import (
    UploadError,
    import_limits,
    upload_size_check,
    workbook_check,
)
from seonggwa.plans.models import Plan
from seonggwa.policy import can_manage_plan
from seonggwa.sources.models import StoredFinding
from seonggwa.sources.services import findings_write, source_document_create

__all__ = ["VPS_SUFFIXES", "VpsImport", "vps_import", "vps_upload_check"]

_RANK_WORDS = ("위", "순위", "상위", "하위", "번째")
#: What a VPS sheet may be: comma- or tab-separated text, or a workbook.
VPS_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")


def vps_upload_check(*, name: str, data: bytes) -> None:
    """Refuse an upload that is empty, too big (``SEONGGWA_MAX_UPLOAD_BYTES``), not a
    :data:`VPS_SUFFIXES` file, or whose content does not match its name; a workbook is
    checked under the import limits before it is read (a zip bomb is refused)."""
    suffix = Path(name).suffix.lower()
    if suffix not in VPS_SUFFIXES:
        raise UploadError(
            gettext("'%(file)s': VPS 시트는 .csv, .txt(탭 구분) 또는 .xlsx 파일이어야 합니다.")
            % {"file": name},
            field="file",
        )
    upload_size_check(name=name, size=len(data))
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == ".xlsx":
        if not is_zip:
            raise UploadError(
                gettext("'%(file)s': 파일 내용이 .xlsx 통합문서가 아닙니다.") % {"file": name},
                field="file",
            )
        workbook_check(name=name, data=data)
        return
    if is_zip or b"\x00" in data[:4096]:
        raise UploadError(
            gettext("'%(file)s': 텍스트(CSV) 파일이 아닙니다.") % {"file": name}, field="file"
        )
    try:
        size_check(len(data), "text", import_limits(), name=f"'{name}'")
    except InputRefused as exc:
        raise UploadError(str(exc), field="file") from exc


@dataclass(slots=True)
class VpsImport:
    plan: Plan
    rows: int = 0
    written: int = 0
    skipped: int = 0
    findings: list[Finding] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


def vps_import(
    *,
    user: Any,
    plan: Plan,
    path_or_bytes: str | Path | bytes,
    source_name: str = "",
    region: str = "",
) -> VpsImport:
    """Import the VPS sheet into ``plan``'s joint evaluation. ``region`` names the region of
    a sheet without a 시도 column. Raises :class:`PermissionDenied` unless ``user`` manages the
    plan (the office; ``None`` is the command line), :class:`ImportFileError` when the file
    cannot be read or lacks its columns — nothing is written then."""
    evaluation = getattr(plan, "joint_evaluation", None)
    if plan.kind != Plan.Kind.JOINT_EVALUATION or evaluation is None:
        raise ServiceError(f"{plan}은(는) 합동평가 계획이 아닙니다.")
    if user is not None and not can_manage_plan(user, plan):
        raise PermissionDenied("VPS 실적은 평가담당관이나 관리자만 가져올 수 있습니다.")
    if plan.status == Plan.Status.CLOSED:
        raise ServiceError(f"{plan}은(는) 마감되어 바꿀 수 없습니다.")
    name, data = _read(path_or_bytes, source_name, import_limits())
    try:
        vps_upload_check(name=name, data=data)
    except UploadError as exc:
        raise ImportFileError(str(exc)) from exc
    fixed_region = ""
    if region.strip():
        fixed_region = region_name(region) or ""
        if not fixed_region:
            raise ServiceError(f"시·도 '{region}'을(를) 알 수 없습니다.", field="region")
    try:
        sheet = read_sheet(name, data, region_given=bool(fixed_region))
    except Exception as exc:  # a damaged workbook: calamine's own errors
        raise ImportFileError(
            f"{name}: 시트를 읽지 못했습니다({exc}). 아무것도 저장하지 않았습니다."
        ) from exc
    if sheet.findings:
        raise ImportFileError(
            " ".join(f.message for f in sheet.findings) + " 아무것도 저장하지 않았습니다."
        )
    regions = {r.name: r for r in evaluation.regions.all()}
    indicators = list(
        JointIndicator.objects.filter(goal__evaluation=evaluation).select_related("indicator")
    )
    by_number = {i.number: i for i in indicators}
    by_name = {norm_key(i.indicator.name): i for i in indicators}
    result = VpsImport(plan=plan, rows=len(sheet.rows))
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic(), acting_as(actor, actor_label), audit_muted():
        document = source_document_create(
            organisation=plan.organisation,
            plan=plan,
            file_name=name,
            sha256=sha256,
            format="vps",
            size=len(data),
            line_count=sheet.rows[-1].line if sheet.rows else 0,
            money_unit="",
            actor=actor,
            actor_label=actor_label,
        )
        seen: dict[tuple[int, int], int] = {}
        for row in sheet.rows:
            values = _resolve(
                row, name, fixed_region, regions, by_number, by_name, len(indicators), result
            )
            if values is None:
                result.skipped += 1
                continue
            key = (values["region"].pk, values["indicator"].pk)
            if key in seen:
                result.findings.append(
                    finding(
                        "vps.row_repeated",
                        line=row.line,
                        file=name,
                        region=values["region"].name,
                        number=values["indicator"].number,
                        first=seen[key],
                    )
                )
            seen[key] = row.line
            region_obj, indicator = values.pop("region"), values.pop("indicator")
            RegionResult.objects.update_or_create(
                region=region_obj,
                indicator=indicator,
                defaults=values | {"source_document": document, "source_line": row.line},
            )
            result.written += 1
            if region_obj.name not in result.regions:
                result.regions.append(region_obj.name)
        findings_write(
            plan=plan,
            document=document,
            findings=[(f, "parse") for f in result.findings],
            first_position=StoredFinding.objects.filter(plan=plan).count(),
        )
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="frameworks.JointEvaluation",
            object_pk=str(evaluation.pk),
            object_repr=f"{evaluation} ← {name}"[:300],
            organisation_id_ref=plan.organisation_id,
            changes={
                "file": [None, name],
                "sha256": [None, sha256],
                "rows": [None, result.rows],
                "written": [None, result.written],
                "skipped": [None, result.skipped],
                "regions": [None, ", ".join(result.regions)],
            },
        )
    return result


def _resolve(
    row: VpsRow,
    file: str,
    fixed_region: str,
    regions: dict[str, Region],
    by_number: dict[int, JointIndicator],
    by_name: dict[str, JointIndicator],
    count: int,
    result: VpsImport,
) -> dict[str, Any] | None:
    """The row's region, indicator and values, or None (skipped, with a finding)."""
    out = result.findings
    short = region_name(row.region) if row.region.strip() else fixed_region
    region = regions.get(short or "")
    if region is None:
        out.append(finding("vps.region_unknown", line=row.line, file=file, region=row.region))
        return None
    indicator: JointIndicator | None = None
    number = read_value(row.number) if row.number.strip() else None
    if number is not None and number == number.to_integral_value():
        indicator = by_number.get(int(number))
    elif not row.number.strip() and row.name.strip():
        indicator = by_name.get(norm_key(row.name))
    if indicator is None:
        out.append(
            finding(
                "vps.indicator_unknown",
                line=row.line,
                file=file,
                indicator=row.number or row.name,
                count=count,
            )
        )
        return None
    if (
        row.number.strip()
        and row.name.strip()
        and norm_key(row.name) != norm_key(indicator.indicator.name)
    ):
        out.append(
            finding(
                "vps.name_differs",
                line=row.line,
                file=file,
                number=indicator.number,
                expected=indicator.indicator.name,
                printed=row.name,
            )
        )
    numbers: dict[str, Decimal | None] = {}
    for key, label, raw in (("actual", "실적", row.actual), ("cases", "우수사례", row.cases)):
        value = read_value(raw) if raw.strip() else None
        if raw.strip() and value is None:
            out.append(
                finding("vps.value_unreadable", line=row.line, file=file, column=label, raw=raw)
            )
            return None
        if value is not None and not VALUE_RANGE[0] <= value <= VALUE_RANGE[1]:
            out.append(
                finding(
                    "vps.value_out_of_range",
                    line=row.line,
                    file=file,
                    column=label,
                    raw=raw,
                    low=VALUE_RANGE[0],
                    high=f"{VALUE_RANGE[1]:,}",
                )
            )
            return None
        numbers[key] = value
    target = read_value(row.target) if row.target.strip() else None
    rank_based = target is None and any(w in row.target for w in _RANK_WORDS)
    if target is not None and not VALUE_RANGE[0] <= target <= VALUE_RANGE[1]:
        out.append(
            finding(
                "vps.value_out_of_range",
                line=row.line,
                file=file,
                column="목표",
                raw=row.target,
                low=VALUE_RANGE[0],
                high=f"{VALUE_RANGE[1]:,}",
            )
        )
        return None
    met = read_met(row.met)
    if met == "bad":
        out.append(finding("vps.met_unreadable", line=row.line, file=file, raw=row.met))
        return None
    evaluated = met != "na"
    scope = indicator.scope_for(region.group)
    group_label = "시부" if region.group == PeerGroupKind.CITY else "도부"
    if scope == JointIndicator.Scope.NONE:
        out.append(
            finding(
                "vps.not_in_scope",
                line=row.line,
                file=file,
                indicator=indicator.indicator.name,
                group=group_label,
                region=region.name,
            )
        )
        evaluated = False
    was_met: bool | None = met if isinstance(met, bool) else None
    quantitative = indicator.kind == JointIndicator.Kind.QUANTITATIVE
    if quantitative and evaluated and was_met is None:
        actual = numbers["actual"]
        if actual is not None and target is not None:
            was_met = actual >= target
            out.append(
                finding(
                    "vps.met_computed",
                    line=row.line,
                    file=file,
                    indicator=indicator.indicator.name,
                    region=region.name,
                    actual=row.actual,
                    target=row.target,
                )
            )
        else:
            out.append(
                finding(
                    "vps.met_missing",
                    line=row.line,
                    file=file,
                    indicator=indicator.indicator.name,
                    region=region.name,
                )
            )
    cases = numbers["cases"]
    return {
        "region": region,
        "indicator": indicator,
        "target": target,
        "target_raw": row.target[:200],
        "rank_based": rank_based,
        "actual": numbers["actual"],
        "actual_raw": row.actual[:100],
        "evaluated": evaluated,
        "met": was_met if (quantitative and evaluated) else None,
        "best_cases": int(cases) if cases is not None else None,
    }


def errors(findings: list[Finding]) -> int:
    """How many of ``findings`` are errors (rows skipped)."""
    return sum(1 for f in findings if f.severity is Severity.ERROR)
