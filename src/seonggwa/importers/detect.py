"""``--format auto``: ask every text format's ``detect`` and say what was decided and why.

Pure: text in, a :class:`Detection` out; :class:`FormatNotDetected` when no format or more
than one format claims the text (the message lists the formats and how to choose one).
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from seonggwa.importers import bsc2009, bsc_detail, plan, report
from seonggwa.importers.records import DocumentFormat

__all__ = ["FORMATS", "TEXT_FORMATS", "Detection", "FormatNotDetected", "detect_format"]

# format -> (package, what its detect() looks for), in the order they are asked
TEXT_FORMATS: dict[DocumentFormat, tuple[ModuleType, str]] = {
    DocumentFormat.PLAN: (
        plan,
        "'총괄' 표에 전략목표수·지표수와 전년도예산액 열이 있고 결산액이 없음",
    ),
    DocumentFormat.REPORT: (report, "'총괄' 표에 결산액과 초과달성(또는 재원비중)이 있음"),
    DocumentFormat.BSC2009: (bsc2009, "'핵심성과지표'가 두 번 나오고 단위 열이 있는 BSC 머리행"),
    DocumentFormat.BSC_DETAIL: (
        bsc_detail,
        "'관점명 | 전략목표명 | 지표명 | 가중치 …' 상세 평가내용 머리행",
    ),
}
FORMATS: dict[str, str] = {
    "plan": "성과계획서 (총괄 + 성과계획 및 자원비중)",
    "report": "성과보고서 (총괄 + 성과목표 및 재원비중, ◎○×)",
    "bsc2009": "균형성과계획 시트 (2009년형 BSC)",
    "bsc-detail": "성과관리계획 상세 평가내용 (2020년형 BSC)",
    "xlsx": "seonggwa 통합문서 (export-xlsx 로 만든 파일)",
}


class FormatNotDetected(Exception):
    """No text format, or more than one, claims the text."""


@dataclass(frozen=True, slots=True)
class Detection:
    format: DocumentFormat
    reason: str  # Korean: why this format was chosen


def _format_list() -> str:
    return ", ".join(f"{name}({label})" for name, label in FORMATS.items())


def detect_format(text: str, *, source: str = "") -> Detection:
    """The one text format whose ``detect`` accepts ``text``.

    >>> detect_format("nothing here")
    Traceback (most recent call last):
    ...
    seonggwa.importers.detect.FormatNotDetected: 형식을 알 수 없습니다: ...
    """
    where = f"{source}: " if source else ""
    hits = [fmt for fmt, (module, _why) in TEXT_FORMATS.items() if module.detect(text)]
    if len(hits) == 1:
        fmt = hits[0]
        return Detection(fmt, f"{fmt.value} 형식으로 판단했습니다: {TEXT_FORMATS[fmt][1]}.")
    if not hits:
        raise FormatNotDetected(
            f"{where}형식을 알 수 없습니다: 어느 형식의 머리행도 찾지 못했습니다. "
            f"--format 으로 형식을 지정하세요. 지원 형식: {_format_list()}."
        )
    names = ", ".join(f.value for f in hits)
    raise FormatNotDetected(
        f"{where}형식이 모호합니다: {names} 형식의 특징이 모두 보입니다. "
        f"--format 으로 하나를 지정하세요. 지원 형식: {_format_list()}."
    )
