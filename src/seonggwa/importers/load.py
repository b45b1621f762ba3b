"""Import a document into the database: read, detect, parse, validate, write — all or nothing.

:func:`document_import` is the one service behind ``seonggwa import``. Parsing and
validation happen before the transaction opens, so a file that cannot be read or parsed
(:class:`ImportFileError`) writes nothing. Everything else — organisation, units, owners,
the plan and its rows, declared figures, the source document and the findings — is written
in one ``transaction.atomic`` block with the per-row audit muted and one summarising
``AuditEvent`` (action ``import``) attributed to ``current_actor()``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from seonggwa.audit.context import acting_as, audit_muted, current_actor
from seonggwa.audit.models import AuditEvent
from seonggwa.core.errors import PermissionDenied, ServiceError
from seonggwa.core.limits import (
    InputRefused,
    Limits,
    read_path,
    size_check,
    sniff,
    zip_member_head,
)
from seonggwa.engine.catalogue import finding
from seonggwa.engine.findings import Finding
from seonggwa.engine.text import control_characters, describe_control, norm_key
from seonggwa.importers import xlsx
from seonggwa.importers.detect import FORMATS, TEXT_FORMATS, FormatNotDetected, detect_format
from seonggwa.importers.files import CellDocument, FileFormatError, read_file
from seonggwa.importers.links import LINK_CODES, link_counts, plan_links_write
from seonggwa.importers.records import DocumentFormat, ParseError
from seonggwa.importers.replace import replace_check, replace_deletion_audit
from seonggwa.importers.rules import document_findings
from seonggwa.importers.tables import (
    DocumentInfo,
    PlanTables,
    finding_row,
    indicator_plain_fields,
    row_finding,
    tables_from_document,
)
from seonggwa.importers.uploads import UploadError, import_limits, workbook_check
from seonggwa.importers.xlsx.schema import INFO_SHEET
from seonggwa.organisations.models import Organisation, OrgUnit, PlanOwner
from seonggwa.organisations.services import organisation_get_or_create
from seonggwa.plans.models import Indicator, Perspective, Plan, PolicyGoal, StrategicGoal
from seonggwa.policy import is_central
from seonggwa.results.models import IndicatorValue
from seonggwa.sources.models import DeclaredFigure, SourceDocument
from seonggwa.sources.selectors import plan_findings
from seonggwa.sources.services import (
    declared_figures_write,
    findings_write,
    source_document_create,
)

__all__ = [
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "ReadDocument",
    "document_import",
    "document_preview",
    "document_read",
    "tables_write",
]


class ImportFileError(ServiceError):
    """The file cannot be read, recognised or parsed; nothing was written (CLI exit 2)."""


@dataclass(slots=True)
class ImportResult:
    organisation: Organisation
    plan: Plan
    document: SourceDocument
    format: str
    detection: str  # what was decided and why (Korean)
    already_imported: bool = False
    replaced: bool = False
    backup_path: str = ""  # the organisation's backup written before a replace
    deleted_rows: int = 0  # rows of the replaced plan, each audited
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _read(path_or_text: str | Path | bytes, source_name: str, limits: Limits) -> tuple[str, bytes]:
    """(file name, content), within the import limits of the content's kind (a named file is
    measured, or read in chunks, so that nothing over the limit is ever read whole). A
    ``Path``, or a one-line ``str``, names a file; other ``str`` and ``bytes`` are the
    content itself."""
    if isinstance(path_or_text, bytes):
        name = source_name or "<bytes>"
        data = path_or_text
    elif isinstance(path_or_text, str) and ("\n" in path_or_text or "\t" in path_or_text):
        name = source_name or "<text>"
        data = path_or_text.encode("utf-8")
    else:
        path = Path(path_or_text)
        name = source_name or path.name
        try:
            return name, read_path(path, limits, name=str(path))
        except InputRefused as exc:
            raise ImportFileError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise ImportFileError(f"{path}: 파일이 없습니다. 경로를 확인하세요.") from exc
        except IsADirectoryError as exc:
            raise ImportFileError(f"{path}: 폴더입니다. 파일 경로를 지정하세요.") from exc
        except OSError as exc:
            raise ImportFileError(f"{path}: 파일을 읽을 수 없습니다({exc.strerror}).") from exc
    try:
        size_check(len(data), sniff(data[:8]), limits, name=name)
    except InputRefused as exc:
        raise ImportFileError(str(exc)) from exc
    return name, data


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _hangul_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum("\uac00" <= c <= "\ud7a3" for c in letters) / len(letters) if letters else 0.0


def _decode(name: str, data: bytes) -> tuple[str, str]:
    """(text, encoding). UTF-8 (with or without BOM) first; UTF-16 with a BOM (한/글's text
    export); CP949 (Korean Windows) only when it decodes cleanly and reads as Korean text."""
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"{name}: UTF-16 표시(BOM)가 있지만 UTF-16 으로 읽을 수 없습니다({exc.reason})."
            ) from exc
    if b"\x00" in data[:4096]:
        raise ImportFileError(
            f"{name}: 텍스트 파일이 아닙니다(이진 데이터). PDF·HWP 에서 뽑은 텍스트 파일(UTF-8, "
            "UTF-16, CP949)이나 seonggwa 통합문서(.xlsx, --format xlsx)를 지정하세요."
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        text = ""
    if text and _hangul_share(text) >= 0.3:
        return text, "CP949"
    line = data[: utf8_error.start].count(b"\n") + 1
    raise ImportFileError(
        f"{name}:{line}: UTF-8 텍스트가 아니고 CP949(EUC-KR) 한글 텍스트로도 읽히지 않습니다"
        f"({utf8_error.start + 1}번째 바이트). 파일을 UTF-8 로 다시 저장하세요."
    ) from utf8_error


def _clean_text(name: str, text: str) -> str:
    """``text`` fit to store: form feeds (the page breaks PDF text extraction writes) are
    dropped; any other control character — NUL, ESC, VT, … but TAB, LF and CR — refuses the
    file (exit 2) naming the line and column of the first one, since no database and no
    document writer takes them all (PostgreSQL refuses NUL, XML refuses ESC)."""
    text = text.replace("\x0c", "")
    found = control_characters(text)
    if not found:
        return text
    first = found[0]
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    raise ImportFileError(
        f"{name}:{line}: {column}번째 글자에 제어 문자 {describe_control(text[first])}가 있습니다"
        f"(파일 전체에 {len(found)}개). 텍스트 파일에는 탭과 줄바꿈 말고는 제어 문자가 있을 수 "
        "없습니다. 원본에서 텍스트를 다시 뽑거나 그 글자를 지우고 다시 가져오세요."
    )


def _is_workbook(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def _names_info_sheet(data: bytes, names: list[str]) -> bool:
    """Whether a workbook lists a 정보 sheet — read from its zip directory and the first
    bytes of ``xl/workbook.xml`` only, never from its sheets (the reader checks the 형식 cell)."""
    if "xl/workbook.xml" not in names:
        return False
    head = zip_member_head(data, "xl/workbook.xml")
    return head is not None and f'name="{INFO_SHEET}"'.encode() in head


@dataclass(slots=True)
class ReadDocument:
    """A document read into the tables the loader writes, before anything is written."""

    name: str
    data: bytes
    sha256: str
    tables: PlanTables
    format: str
    detection: str
    line_count: int
    money_unit: str


def document_read(
    *,
    year: int,
    path_or_text: str | Path | bytes,
    fmt: str = "auto",
    source_name: str = "",
) -> ReadDocument:
    """Read, detect, parse and check a document into tables; writes nothing. Raises
    :class:`ImportFileError` when the file cannot be read or parsed."""
    if not 1990 <= year <= 2100:
        raise ServiceError(f"연도 {year}이(가) 범위(1990~2100) 밖입니다. --year 를 확인하세요.")
    if fmt not in ("auto", *FORMATS):
        raise ServiceError(f"알 수 없는 형식 '{fmt}'. 지원 형식: auto, {', '.join(FORMATS)}.")
    limits = import_limits()
    name, data = _read(path_or_text, source_name, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    cells: CellDocument | None = None
    if fmt != "xlsx":
        try:
            cells = read_file(name=name, data=data, limits=limits)
        except (FileFormatError, InputRefused) as exc:  # InputRefused: over a limit (a PDF's pages)
            raise ImportFileError(f"{exc} 아무것도 저장하지 않았습니다.") from exc

    if fmt == "xlsx" or (fmt == "auto" and cells is None and _is_workbook(data)):
        names: list[str] = []
        if _is_workbook(data):
            try:
                names = workbook_check(name=name, data=data, limits=limits)  # a zip bomb stops
            except UploadError as exc:
                raise ImportFileError(str(exc)) from exc
        if not _is_workbook(data) or not _names_info_sheet(data, names):
            raise ImportFileError(
                f"{name}: seonggwa 통합문서가 아닙니다('정보' 시트에 형식 "
                f"'{xlsx.WORKBOOK_FORMAT}'이 있어야 합니다). export-xlsx 로 만든 파일을 지정하세요."
            )
        try:
            tables = xlsx.parse(data, source=name)
        except xlsx.WorkbookError as exc:
            raise ImportFileError(str(exc)) from exc
        detection = f"xlsx 형식으로 판단했습니다: '정보' 시트에 {xlsx.WORKBOOK_FORMAT} 표시가 있음."
        fmt_used = "xlsx"
        line_count = 0
        money_unit = tables.document.money_unit if tables.document else ""
    else:
        if cells is None:
            text, encoding = _decode(name, data)
        else:
            text, encoding = cells.text(), "UTF-8"
        text = _clean_text(name, text)
        read_from = ""
        if cells is not None:
            read_from = (
                f"{_cells_read(cells)}(텍스트 {len(cells.lines())}줄; 검토사항의 줄 번호는 이 "
                "텍스트의 것이고 파일의 위치를 함께 적습니다). "
            )
        if fmt == "auto":
            try:
                found = detect_format(text, source=name)
            except FormatNotDetected as exc:
                read = "" if cells is None else f" ({_cells_read(cells)}.)"
                raise ImportFileError(f"{exc}{read}") from exc
            doc_format, detection = found.format, read_from + found.reason
        else:
            doc_format = DocumentFormat(fmt)
            detection = f"{read_from}{fmt} 형식(--format 지정)."
        module = TEXT_FORMATS[doc_format][0]
        try:
            doc = module.parse(text, source=name)
        except ParseError as exc:
            raise ImportFileError(_parse_error_message(exc, name, cells)) from exc
        doc.source = name
        if encoding != "UTF-8":
            doc.findings.insert(
                0,
                finding("import.encoding", file=name, encoding=encoding),
            )
        line_count = doc.line_count or text.count("\n") + 1
        money_unit = doc.money_unit
        info = DocumentInfo(
            file_name=name,
            sha256=sha256,
            size=len(data),
            format=doc_format.value,
            line_count=line_count,
            money_unit=money_unit,
        )
        tables = tables_from_document(doc, year=year, document=info)
        checked = document_findings(doc, module.artefact_findings(doc), tables=tables)
        notes = [(row_finding(r), True) for r in tables.findings]  # the conversion's own, last
        tables.findings = [
            finding_row(f, position=i, from_document=noticed)
            for i, (f, noticed) in enumerate([*checked, *notes])
        ]
        if cells is not None:
            _findings_placed(tables, cells)
        fmt_used = doc_format.value

    return ReadDocument(
        name=name,
        data=data,
        sha256=sha256,
        tables=tables,
        format=fmt_used,
        detection=detection,
        line_count=line_count,
        money_unit=money_unit,
    )


@dataclass(slots=True)
class ImportPreview:
    """What importing a document would do: the plan it makes (or replaces), its counts and
    its findings (nothing is written)."""

    read: ReadDocument
    kind: str
    counts: dict[str, int]
    findings: list[Finding]
    existing: Plan | None  # the plan of that organisation, year and kind, if there is one
    already_imported: bool  # the existing plan was read from this very file


def document_preview(
    *,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    fmt: str = "auto",
    source_name: str = "",
) -> ImportPreview:
    """The preview the browser shows before an import is confirmed: the same reading as
    :func:`document_import`, without writing."""
    read = document_read(year=year, path_or_text=path_or_text, fmt=fmt, source_name=source_name)
    tables = read.tables
    existing = (
        Plan.objects.filter(
            organisation__name=organisation_name.strip(), year=year, kind=tables.kind
        )
        .select_related("organisation")
        .first()
    )
    return ImportPreview(
        read=read,
        kind=tables.kind,
        counts={
            "units": len(tables.units),
            "strategic_goals": len(tables.goals),
            "policy_goals": len(tables.policy_goals),
            "indicators": len(tables.indicators),
            "values": len(tables.values),
            "findings": len(tables.findings),
        },
        findings=[row_finding(r) for r in tables.findings],
        existing=existing,
        already_imported=existing is not None
        and existing.documents.filter(sha256=read.sha256).exists(),
    )


def document_import(
    *,
    organisation_name: str,
    year: int,
    path_or_text: str | Path | bytes,
    fmt: str = "auto",
    replace: bool = False,
    user: Any = None,
    source_name: str = "",
    force_replace: bool = False,
    reason: str = "",
    before_replace: Callable[[Plan], str] | None = None,
) -> ImportResult:
    """Import one document as the ``year`` plan of the organisation (created if missing).

    Raises :class:`ImportFileError` when the file cannot be read or parsed (nothing
    written), :class:`PermissionDenied` when ``user`` is given and is not the
    organisation's administrator or evaluation officer, and :class:`ServiceError` for
    other refusals (a plan of that kind and year exists from another file and ``replace``
    is false).

    Replacing a closed plan, or one with approved or locked actuals, raises
    :class:`~seonggwa.importers.replace.ReplaceRefused` unless ``force_replace`` with a
    ``reason``. A replace first calls ``before_replace(plan)`` (the interfaces pass the
    backup writer, which returns the path it wrote) and records one ``delete`` event per
    row it removes."""
    if user is not None:
        org_found = Organisation.objects.filter(name=organisation_name.strip()).first()
        allowed = getattr(user, "is_superuser", False) or (
            org_found is not None and is_central(user, org_found)
        )
        if not allowed:
            raise PermissionDenied(
                f"'{organisation_name}'에 문서를 가져올 권한이 없습니다(평가담당관·관리자)."
            )
    read = document_read(year=year, path_or_text=path_or_text, fmt=fmt, source_name=source_name)
    name, data, sha256, tables = read.name, read.data, read.sha256, read.tables
    fmt_used, detection = read.format, read.detection
    line_count, money_unit = read.line_count, read.money_unit

    kind = tables.kind
    actor, actor_label = current_actor()
    if user is not None:
        actor, actor_label = user, user.get_username()

    existing = Plan.objects.filter(
        organisation__name=organisation_name.strip(), year=year, kind=kind
    ).first()
    losses: list[str] = []
    if existing is not None and replace:
        losses = replace_check(existing, force=force_replace, reason=reason)
    if existing is not None and not replace:
        same = existing.documents.filter(sha256=sha256).order_by("pk").first()
        if same is not None:
            return ImportResult(
                organisation=existing.organisation,
                plan=existing,
                document=same,
                format=fmt_used,
                detection=detection,
                already_imported=True,
                counts=_counts(existing),
                findings=plan_findings(plan=existing),
            )
        raise ServiceError(
            f"{existing.organisation.name} {year}년 {existing.get_kind_display()}이(가) 이미 "
            f"있습니다(다른 파일에서 불러옴). 지우고 '{name}'(으)로 다시 불러오려면 바꾸기를 "
            "지정하세요(명령줄은 --replace, 화면은 '…있으면 지우고 이 파일로 바꾸기' 선택)."
        )

    with transaction.atomic(), acting_as(actor, actor_label), audit_muted():
        org = organisation_get_or_create(name=organisation_name)
        replaced = existing is not None
        backup_path = ""
        deleted_rows = 0
        if existing is not None:
            if before_replace is not None:
                backup_path = before_replace(existing)
            deleted_rows = replace_deletion_audit(
                existing,
                actor=actor,
                actor_label=actor_label,
                reason=reason.strip(),
                backup=backup_path,
            )
            existing.delete()
        plan = Plan(organisation=org, year=year, kind=kind, title=tables.title)
        plan.full_clean()
        plan.save()
        document = _document(
            org, plan, name, sha256, len(data), fmt_used, line_count, money_unit, actor, actor_label
        )
        original = document
        if fmt_used == "xlsx" and tables.document is not None:
            original = _original_document(org, plan, tables.document, actor, actor_label)
        plan.source_document = original
        plan.save(update_fields=["source_document"])
        counts = tables_write(plan=plan, tables=tables, document=original)
        AuditEvent.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:150],
            action=AuditEvent.Action.IMPORT,
            model="plans.Plan",
            object_pk=str(plan.pk),
            object_repr=f"{plan} ← {name}"[:300],
            organisation_id_ref=org.pk,
            changes={key: [None, value] for key, value in counts.items()}
            | {"file": [None, name], "sha256": [None, sha256], "replaced": [None, replaced]}
            | (
                {
                    "deleted_rows": [deleted_rows, None],
                    "lost": [losses, None],
                    "reason": [None, reason.strip()],
                    "backup": [None, backup_path],
                }
                if replaced
                else {}
            ),
        )
    return ImportResult(
        organisation=org,
        plan=plan,
        document=document,
        format=fmt_used,
        detection=detection,
        replaced=replaced,
        backup_path=backup_path,
        deleted_rows=deleted_rows,
        counts=counts,
        findings=plan_findings(plan=plan),
    )


def _parse_error_message(exc: ParseError, name: str, cells: CellDocument | None = None) -> str:
    where = name + (f":{exc.line}" if exc.line is not None else "")
    if cells is not None and (place := cells.where(exc.line)):
        where += f"({place})"
    return f"{where}: {exc.message} 아무것도 저장하지 않았습니다."


_FILE_FORMAT_LABEL = {"hwpx": "HWPX", "pdf": "PDF", "xlsx": "엑셀(xlsx)", "xls": "엑셀(xls)"}


def _cells_read(cells: CellDocument) -> str:
    """What was read from a document file, in Korean ("HWPX 파일에서 표 12개를 읽었습니다")."""
    label = _FILE_FORMAT_LABEL.get(cells.format, cells.format)
    if cells.format in ("xlsx", "xls"):
        parts = [f"시트 {len({r.part for r in cells.rows})}개"]
    else:
        parts = [f"표 {len({(r.page, r.part, r.table) for r in cells.rows if r.table})}개"]
    paragraphs = sum(1 for r in cells.rows if r.table is None)
    if paragraphs:
        parts.append(f"표 밖 문단 {paragraphs}개")
    pages = f"({cells.pages}쪽)" if cells.pages else ""
    return f"{label} 파일{pages}에서 {', '.join(parts)}를 읽었습니다"


def _findings_placed(tables: PlanTables, cells: CellDocument) -> None:
    """Each finding with a line gets where in the file that line came from
    (``details["where"]``: "3쪽 표 2 5행", "시트 '총괄' 표 1 12행")."""
    for row in tables.findings:
        place = cells.where(row.line)
        if place:
            row.details["where"] = place


def _document(
    org: Organisation,
    plan: Plan,
    name: str,
    sha256: str,
    size: int,
    fmt: str,
    line_count: int,
    money_unit: str,
    actor: Any,
    actor_label: str,
) -> SourceDocument:
    return source_document_create(
        organisation=org,
        plan=plan,
        file_name=name,
        sha256=sha256,
        format=fmt,
        size=size,
        line_count=line_count,
        money_unit=money_unit,
        actor=actor,
        actor_label=actor_label,
    )


def _original_document(
    org: Organisation, plan: Plan, info: DocumentInfo, actor: Any, actor_label: str
) -> SourceDocument:
    """The text document a workbook was exported from (its identity; lines refer to it)."""
    return _document(
        org,
        plan,
        info.file_name,
        info.sha256,
        info.size,
        info.format,
        info.line_count,
        info.money_unit,
        actor,
        actor_label,
    )


def _fit(obj: models.Model, problems: list[Finding], file: str) -> None:
    """Cut text longer than its column (PostgreSQL refuses it) and remember a finding."""
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.CharField) and f.max_length:
            value = getattr(obj, f.attname)
            if isinstance(value, str) and len(value) > f.max_length:
                setattr(obj, f.attname, value[: f.max_length])
                problems.append(
                    finding(
                        "import.stored_differently",
                        line=getattr(obj, "source_line", None),
                        file=file,
                        what=obj._meta.verbose_name,
                        field=f.verbose_name,
                        max_length=f.max_length,
                    )
                )


def tables_write(*, plan: Plan, tables: PlanTables, document: SourceDocument) -> dict[str, int]:
    """Write the rows of ``tables`` into ``plan`` (which is new and empty). Returns counts.

    Bulk inserts, so the caller mutes the audit and records one event. Every row gets
    ``document`` and its source line."""
    org = plan.organisation
    problems: list[Finding] = []
    file = document.file_name
    existing_units: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.filter(organisation=org).order_by("pk"):
        existing_units[unit.name_key] = unit  # the last one, as unit_find does
    units: list[OrgUnit] = []
    for urow in tables.units:
        unit_obj = existing_units.get(norm_key(urow.name))
        if unit_obj is None:
            unit_obj = OrgUnit(
                organisation=org,
                name=urow.name,
                unit_type=urow.unit_type,
                composition=urow.composition,
                code_prefix=urow.code_prefix,
            )
            _fit(unit_obj, problems, file)
            unit_obj.save()
            existing_units[unit_obj.name_key] = unit_obj
        elif urow.composition and not unit_obj.composition:
            unit_obj.composition = urow.composition[:200]
            unit_obj.save(update_fields=["composition"])
        units.append(unit_obj)
    owners: list[PlanOwner] = []
    for orow in tables.owners:
        owner, _created = PlanOwner.objects.get_or_create(
            unit=units[orow.unit], kind=orow.kind, defaults={"label": orow.label[:200]}
        )
        owners.append(owner)

    prov = {"source_document": document}
    perspectives = [
        Perspective(
            plan=plan,
            owner=owners[p.owner],
            name=p.name,
            weight=p.weight,
            weight_raw=p.weight_raw,
            position=p.position,
            source_line=p.line,
            **prov,
        )
        for p in tables.perspectives
    ]
    goals = [
        StrategicGoal(
            plan=plan,
            owner=owners[g.owner],
            code=g.code,
            name=g.name,
            name_key=norm_key(g.name),
            perspective=None,
            program_amount=g.program_amount,
            program_amount_raw=g.program_amount_raw,
            position=g.position,
            source_line=g.line,
            **prov,
        )
        for g in tables.goals
    ]
    _unique_codes(goals, "전략목표", problems, file)
    for obj in [*perspectives, *goals]:
        _fit(obj, problems, file)
    Perspective.objects.bulk_create(perspectives)
    for goal, grow in zip(goals, tables.goals, strict=True):
        if grow.perspective is not None:
            goal.perspective = perspectives[grow.perspective]
    StrategicGoal.objects.bulk_create(goals)
    policy_goals = [
        PolicyGoal(
            plan=plan,
            strategic_goal=goals[p.goal],
            code=p.code,
            name=p.name,
            name_key=norm_key(p.name),
            position=p.position,
            source_line=p.line,
            **prov,
        )
        for p in tables.policy_goals
    ]
    _unique_codes(policy_goals, "정책사업목표", problems, file)
    for obj in policy_goals:
        _fit(obj, problems, file)
    PolicyGoal.objects.bulk_create(policy_goals)
    indicators = []
    for i in tables.indicators:
        goal = goals[i.goal]
        ind = Indicator(
            plan=plan,
            owner=goal.owner,
            strategic_goal=goal,
            policy_goal=policy_goals[i.policy_goal] if i.policy_goal is not None else None,
            perspective=perspectives[i.perspective] if i.perspective is not None else None,
            name=i.name,
            name_key=norm_key(i.name),
            composite_parts=list(i.composite_parts),
            **indicator_plain_fields(i),
            position=i.position,
            source_line=i.line,
            **prov,
        )
        _fit(ind, problems, file)
        indicators.append(ind)
    _unique_codes(indicators, "성과지표", problems, file)
    Indicator.objects.bulk_create(indicators, batch_size=500)
    now = timezone.now()
    values = []
    for v in tables.values:
        value = IndicatorValue(
            indicator=indicators[v.indicator],
            kind=v.kind,
            year=v.year,
            quarter=v.quarter,
            month=v.month,
            raw_text=v.raw_text,
            value=v.value,
            parts=list(v.parts),
            qualifier=v.qualifier,
            status=v.status,
            note=v.note,
            approved_at=now if v.status == IndicatorValue.Status.APPROVED else None,
            source_line=v.line,
            **prov,
        )
        _fit(value, problems, file)
        values.append(value)
    IndicatorValue.objects.bulk_create(values, batch_size=500)
    declared = []
    for d in tables.declared:
        fig = DeclaredFigure(
            plan=plan,
            source_document=document,
            unit=units[d.unit] if d.unit is not None else None,
            unit_label=d.unit_label,
            table=d.table,
            key=d.key,
            raw_text=d.raw_text,
            value=d.value,
            money_unit=d.money_unit,
            source_line=d.line,
            position=d.position,
        )
        _fit(fig, problems, file)
        declared.append(fig)
    declared_figures_write(figures=declared)
    # program codes, cascade parents and last year's indicators (importers.links)
    link_findings, waiting_linked = plan_links_write(
        plan=plan, indicators=indicators, document=document
    )
    problems += link_findings

    # a workbook carries the link findings of the plan it was saved from: they are made again
    kept = [f for f in tables.findings if f.code not in LINK_CODES]
    rows = [(row_finding(f), "parse" if f.from_document else "check") for f in kept]
    rows += [(f, "parse") for f in problems]
    findings_write(plan=plan, document=document, findings=rows, first_position=0)
    return {
        "units": len({id(u) for u in units}),
        "perspectives": len(perspectives),
        "strategic_goals": len(goals),
        "policy_goals": len(policy_goals),
        "indicators": len(indicators),
        "values": len(values),
        "declared_figures": len(declared),
        "findings": len(rows),
        "other_plans_parent_links": waiting_linked,
    } | link_counts(plan)


def _unique_codes(objs: list[Any], what: str, problems: list[Finding], file: str) -> None:
    """Codes are unique per plan; a repeated code is blanked (the row stays) and reported."""
    seen: set[str] = set()
    for obj in objs:
        if obj.code and obj.code in seen:
            problems.append(
                finding(
                    "import.code_repeated",
                    line=obj.source_line,
                    file=file,
                    what=what,
                    goal_code=obj.code,
                )
            )
            obj.code = ""
        seen.add(obj.code)


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "units": OrgUnit.objects.filter(owners__strategic_goals__plan=plan).distinct().count(),
        "perspectives": plan.perspectives.count(),
        "strategic_goals": plan.strategic_goals.count(),
        "policy_goals": plan.policy_goals.count(),
        "indicators": plan.indicators.count(),
        "values": IndicatorValue.objects.filter(indicator__plan=plan).count(),
        "declared_figures": plan.declared_figures.count(),
        "findings": plan.findings.count(),
    } | link_counts(plan)
