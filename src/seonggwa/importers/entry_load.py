"""Load a filled entry sheet (``importers.entry_sheet``): a preview that lists every change
and every refused cell with its reason and how to fix it, and the confirmation that enters
all the changes in one transaction through ``results.services.actual_enter`` — all or
nothing. The confirmation reads the stored file again and checks every row against the
database as it is then; when the outcome differs from the preview the person saw, nothing is
written and the new preview is shown (docs/web.md, "The entry sheet").

The uploaded file is kept under ``SEONGGWA_VAR_DIR/entry-sheets`` by its SHA-256 between
the preview and the confirmation, so the confirmation trusts nothing the browser sends back
but the file's hash.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from seonggwa.core.errors import ConflictError, PermissionDenied, ServiceError
from seonggwa.core.limits import Limits
from seonggwa.engine.text import control_characters, describe_control
from seonggwa.plans.models import Indicator, Period, Plan
from seonggwa.policy import enters_for_plan
from seonggwa.results.models import IndicatorValue
from seonggwa.results.selectors import EntryRow, entry_rows
from seonggwa.results.services import actual_enter, reading_refusal

from .entry_sheet import SheetError, SheetRow, same_entry, sheet_parse

__all__ = [
    "EntrySheetError",
    "EntrySheetPreview",
    "SheetChange",
    "SheetRefusal",
    "entry_sheet_apply",
    "entry_sheet_discard",
    "entry_sheet_preview",
    "entry_sheet_read",
    "entry_sheet_store",
]

SHEET_DIR = "entry-sheets"
KEEP = datetime.timedelta(days=1)  # an upload not confirmed within a day is removed
_SHA = re.compile(r"[0-9a-f]{64}")


class EntrySheetError(ServiceError):
    """The uploaded file as a whole cannot be taken (Korean message: why and what to do)."""


@dataclass(frozen=True, slots=True)
class SheetChange:
    """A row whose actual or note differs from what was downloaded and may be entered."""

    row: int
    indicator: Indicator
    value: IndicatorValue | None
    old_text: str
    new_text: str
    old_note: str
    new_note: str
    expected_version: int | None


@dataclass(frozen=True, slots=True)
class SheetRefusal:
    """A cell that will not be entered: where (row, column), why and how to fix it."""

    row: int
    column: str
    indicator: str
    text: str
    reason: str
    fix: str


@dataclass(slots=True)
class EntrySheetPreview:
    plan: Plan
    period: Period
    sha256: str
    changes: list[SheetChange] = field(default_factory=list)
    refusals: list[SheetRefusal] = field(default_factory=list)
    unchanged: int = 0

    @property
    def digest(self) -> str:
        """A fingerprint of what confirming would do (changes, versions, refusals): the
        confirmation goes ahead only when it is still the one the person saw."""
        parts = [
            f"c{c.row}:{c.indicator.pk}:{c.expected_version}:{c.new_text}\x1f{c.new_note}"
            for c in self.changes
        ] + [f"r{r.row}:{r.column}:{r.reason}" for r in self.refusals]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


# --- the stored upload ------------------------------------------------------------------------


def _sheet_dir() -> Path:
    return Path(settings.VAR_DIR) / SHEET_DIR


def entry_sheet_store(*, data: bytes) -> str:
    """Keep an uploaded sheet until it is confirmed (by its SHA-256, which is returned);
    uploads older than a day are removed on the way."""
    folder = _sheet_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = datetime.datetime.now().timestamp() - KEEP.total_seconds()
    for old in folder.glob("*.xlsx"):
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
        except OSError:  # removed by a concurrent request
            pass
    sha = hashlib.sha256(data).hexdigest()
    path = folder / f"{sha}.xlsx"
    if not path.exists():
        partial = folder / f"{sha}.part"
        partial.write_bytes(data)
        partial.replace(path)
    return sha


def entry_sheet_read(*, sha256: str) -> bytes:
    """The stored upload of that hash; refused when there is none (expired or never sent)."""
    path = _sheet_dir() / f"{sha256}.xlsx"
    if not _SHA.fullmatch(sha256) or not path.is_file():
        raise EntrySheetError(
            gettext(
                "올린 시트를 찾을 수 없습니다(하루가 지났거나 이미 반영했습니다). 다시 올리세요."
            )
        )
    return path.read_bytes()


def entry_sheet_discard(*, sha256: str) -> None:
    if _SHA.fullmatch(sha256):
        (_sheet_dir() / f"{sha256}.xlsx").unlink(missing_ok=True)


# --- checking the rows ------------------------------------------------------------------------


def _fix_for(row: EntryRow) -> str:
    """How to get a row that cannot be changed now changed."""
    plan, period, actual = row.indicator.plan, row.period, row.actual
    if plan.status == Plan.Status.CLOSED:
        return gettext("마감된 계획의 실적은 바꿀 수 없습니다.")
    if period.locked:
        return gettext("평가담당관에게 기간 재개를 요청한 뒤 다시 올리세요.")
    if actual is not None and (actual.locked or actual.status == IndicatorValue.Status.APPROVED):
        return gettext("승인된 실적은 바꿀 수 없습니다. 고쳐야 하면 평가담당관에게 문의하세요.")
    if actual is not None and actual.status == IndicatorValue.Status.SUBMITTED:
        return gettext("부서장이 반려하면 보완해 다시 올리세요.")
    return gettext("입력 기간 안에 다시 올리거나 평가담당관에게 문의하세요.")


def _stale(row: SheetRow, actual: IndicatorValue | None) -> bool:
    current = actual.version if actual is not None else None
    return current != row.version


def _check_row(
    sheet_row: SheetRow, row: EntryRow, preview: EntrySheetPreview, actual_column: str
) -> None:
    actual = row.actual
    label = sheet_row.indicator or row.indicator.name

    def refuse(column: str, text: str, reason: str, fix: str) -> None:
        preview.refusals.append(SheetRefusal(sheet_row.row, column, label, text, reason, fix))

    if not row.editable:
        refuse(actual_column, sheet_row.actual, row.refusal or "", _fix_for(row))
        return
    if _stale(sheet_row, actual):
        current = actual.raw_text if actual is not None else ""
        refuse(
            actual_column,
            sheet_row.actual,
            gettext(
                "시트를 받은 뒤 다른 사용자가 이 실적을 바꿨습니다(받은 버전 %(read)s, 현재 버전 "
                "%(current)s, 현재 값 '%(text)s')."
            )
            % {
                "read": sheet_row.version if sheet_row.version is not None else "-",
                "current": actual.version if actual is not None else "-",
                "text": current,
            },
            gettext("시트를 새로 받아 다시 입력하세요. 덮어쓰지 않았습니다."),
        )
        return
    for column, text in ((actual_column, sheet_row.actual), (gettext("비고"), sheet_row.note)):
        found = control_characters(text)
        if found:
            refuse(
                column,
                text,
                gettext("%(position)s번째 글자에 제어 문자 %(char)s가 있습니다.")
                % {"position": found[0] + 1, "char": describe_control(text[found[0]])},
                gettext("그 글자를 지우고 시트를 다시 올리세요."),
            )
            return
    if sheet_row.actual_kind == "other":
        refuse(
            actual_column,
            sheet_row.actual,
            gettext("실적 칸이 날짜나 참/거짓으로 읽혔습니다."),
            gettext("셀 서식을 텍스트로 바꾸거나 앞에 작은따옴표(')를 붙여 다시 입력하세요."),
        )
        return
    refusal = reading_refusal(sheet_row.actual)
    if refusal is not None:
        refuse(
            actual_column,
            sheet_row.actual,
            refusal,
            gettext("실적 칸을 고쳐 시트를 다시 올리세요."),
        )
        return
    preview.changes.append(
        SheetChange(
            row=sheet_row.row,
            indicator=row.indicator,
            value=actual,
            old_text=actual.raw_text if actual is not None else "",
            new_text=sheet_row.actual,
            old_note=actual.note if actual is not None else "",
            new_note=sheet_row.note,
            expected_version=actual.version if actual is not None else None,
        )
    )


def entry_sheet_preview(
    *,
    plan: Plan,
    period: Period,
    user: Any,
    data: bytes,
    name: str = "",
    size: int | None = None,
) -> EntrySheetPreview:
    """What entering ``data`` (an uploaded entry sheet) for ``period`` would do, as
    ``user``: the changes and the refused cells. Writes nothing. Raises
    :class:`EntrySheetError` for a file that is not this plan's and period's entry sheet,
    ``PermissionDenied`` for a user who enters nothing in the plan. ``size`` is the whole
    upload's size when only its first ``SEONGGWA_MAX_UPLOAD_BYTES`` + 1 bytes were read."""
    if not enters_for_plan(user, plan):
        raise PermissionDenied(gettext("이 계획의 실적을 입력할 권한이 없습니다."))
    limit = int(getattr(settings, "SEONGGWA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    try:
        sheet = sheet_parse(
            data, max_bytes=limit, name=name, size=size, limits=Limits.from_settings(settings)
        )
    except SheetError as exc:
        raise EntrySheetError(str(exc)) from exc
    if sheet.info.plan_id != plan.pk:
        raise EntrySheetError(
            gettext(
                "다른 계획(번호 %(other)s)의 입력 시트입니다. %(plan)s의 실적 입력 화면에서 받은 "
                "시트를 올리세요."
            )
            % {"other": sheet.info.plan_id, "plan": plan}
        )
    if sheet.info.period != period.key:
        raise EntrySheetError(
            gettext(
                "%(other)s 기간의 입력 시트입니다. 지금 기간은 %(period)s입니다. 기간을 "
                "%(other)s(으)로 바꿔 올리거나 %(period)s 시트를 새로 받으세요."
            )
            % {"other": sheet.info.period, "period": period.key}
        )
    preview = EntrySheetPreview(plan=plan, period=period, sha256=hashlib.sha256(data).hexdigest())
    rows = {r.indicator.pk: r for r in entry_rows(plan=plan, user=user, period=period)}
    unknown = {r.indicator_id for r in sheet.rows if r.indicator_id not in rows}
    in_plan = set(
        Indicator.objects.filter(
            plan=plan, pk__in={i for i in unknown if i is not None}
        ).values_list("pk", flat=True)
    )
    actual_column, note_column = gettext("실적"), gettext("비고")
    seen: set[int] = set()
    for sheet_row in sheet.rows:
        unchanged = same_entry(sheet_row.actual, sheet_row.original) and (
            sheet_row.note == sheet_row.original_note
        )
        row = rows.get(sheet_row.indicator_id) if sheet_row.indicator_id is not None else None
        if unchanged:
            preview.unchanged += 1
            continue
        column = (
            actual_column if not same_entry(sheet_row.actual, sheet_row.original) else (note_column)
        )
        if row is None:
            preview.refusals.append(
                SheetRefusal(
                    sheet_row.row,
                    column,
                    sheet_row.indicator,
                    sheet_row.actual,
                    gettext("내 부서의 지표가 아니라 입력할 수 없습니다.")
                    if sheet_row.indicator_id in in_plan
                    else gettext("이 계획의 지표가 아닙니다(지표ID가 없거나 바뀌었습니다)."),
                    gettext("이 행은 지우고, 내 부서의 시트를 새로 받아 입력하세요."),
                )
            )
            continue
        if row.indicator.pk in seen:
            preview.refusals.append(
                SheetRefusal(
                    sheet_row.row,
                    column,
                    sheet_row.indicator,
                    sheet_row.actual,
                    gettext("같은 지표가 시트에 두 번 있습니다."),
                    gettext("한 행만 남기고 지운 뒤 다시 올리세요."),
                )
            )
            continue
        seen.add(row.indicator.pk)
        _check_row(sheet_row, row, preview, column)
    return preview


@transaction.atomic
def entry_sheet_apply(
    *, plan: Plan, period: Period, user: Any, data: bytes, digest: str, name: str = ""
) -> list[IndicatorValue]:
    """Enter every change of the sheet, in one transaction: all or nothing. The sheet is
    checked again first; when that check no longer gives the preview the person confirmed
    (``digest``), nothing is written (``ConflictError``)."""
    preview = entry_sheet_preview(plan=plan, period=period, user=user, data=data, name=name)
    if preview.digest != digest:
        raise ConflictError(
            gettext(
                "미리 본 뒤 실적이 바뀌어 반영하지 않았습니다. 바뀐 미리보기를 확인하고 다시 "
                "반영하세요."
            )
        )
    if not preview.changes:
        raise EntrySheetError(
            gettext("반영할 변경이 없습니다. 실적이나 비고를 고친 시트를 올리세요.")
        )
    return [
        actual_enter(
            indicator=change.indicator,
            year=period.year,
            quarter=period.quarter,
            month=period.month,
            raw_text=change.new_text,
            note=change.new_note,
            user=user,
            expected_version=change.expected_version,
        )
        for change in preview.changes
    ]
