"""The catalogue of finding codes: every code any check emits, with its severity, the rule
(R1–R21) or extraction artefact (A1–A23) it stands for, a short title and the Korean message
template its findings are written from. :func:`finding` is the one way to make a
:class:`Finding`, so a code that is not catalogued cannot be emitted.

Codes are ``area.name`` in lower case: ``summary`` (the 총괄 table), ``detail`` (the detail
table of plans and reports), ``weights`` (R9, R10), ``series`` (R11), ``grading`` (R8),
``indicator`` (an indicator's definition), ``bsc`` (the 2009 BSC sheets), ``bsc_detail``
(the 2020 BSC detail), ``consignment`` (the 민간위탁 종합성과평가 tables), ``joint`` and ``vps`` (the 합동평가 tables and VPS sheets), ``projects`` (the 주요 역점사업 table), ``risks`` (the risk register), ``reviews`` (the 수시평가 records) and ``import`` (the loader). ``docs/findings.md`` lists them all
(:func:`catalogue_markdown` writes it); each links to its rule in ``docs/glossary.md``.

>>> f = finding("summary.total_missing", line=12)
>>> f.severity, f.message
(<Severity.WARNING: 'warning'>, "총괄표에 '계' 행이 없어 합계를 검증하지 못했습니다.")
>>> legacy_code("BSC_WEIGHT_SUM")
'weights.sum'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from seonggwa.engine.findings import Finding, Severity

__all__ = [
    "CATALOGUE",
    "LEGACY_CODES",
    "CodeEntry",
    "catalogue_markdown",
    "finding",
    "legacy_code",
]

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    severity: Severity  # the usual severity; a check may lower it (e.g. whitespace only)
    rule: str  # "R3", "A7", or "" for the loader's own notes
    title: str  # Korean, a few words
    template: str  # Korean message with {named} fields

    @property
    def doc(self) -> str:
        """Where the rule or artefact is explained."""
        if not self.rule:
            return "docs/importing.md#findings"
        return f"docs/glossary.md#{self.rule.lower()}"


_ENTRIES: tuple[CodeEntry, ...] = (
    # --- the 총괄 table (4.1, 4.3) -----------------------------------------------------------
    CodeEntry("summary.header_unread", WARN, "A3", "총괄표 머리행을 다 읽지 못함",
              "총괄표 머리행에서 일부 열 이름을 찾지 못해 표준 열 순서({order})로 읽었습니다. "
              "머리행을 확인하십시오."),
    CodeEntry("summary.row_shifted", INFO, "A7", "총괄표 행이 오른쪽으로 밀림",
              "총괄표 행이 한 칸 오른쪽으로 밀려 있어 한 칸 당겨 읽었습니다. 원본 행을 확인하십시오."),
    CodeEntry("summary.unit_missing", ERR, "A6", "총괄표 행에 실국명이 없음",
              "총괄표 행에 실국명이 없어(왼쪽으로 밀린 행, A6) 어느 실국의 값인지 알 수 없습니다. "
              "원본에서 실국명을 확인해 넣으십시오."),
    CodeEntry("summary.row_truncated", ERR, "A7", "총괄표 행의 오른쪽 칸이 잘림",
              "{unit}: 총괄표 행의 오른쪽 칸({missing})이 잘려 있습니다(A7). "
              "원본 문서에서 빠진 값을 확인하십시오."),
    CodeEntry("summary.total_row_repeated", WARN, "A2", "'계' 행이 두 번 있음",
              "총괄표에 '계' 행이 두 번 있습니다. 두 번째 행은 무시했습니다."),
    CodeEntry("summary.duplicate_row", ERR, "R21", "총괄표에 같은 실국 행이 두 번 있음",
              "{unit}: 총괄표에 같은 실국 행이 두 번 있습니다(처음 {first_line}행, {same}). "
              "하나를 지우거나 실국명을 고치십시오."),
    CodeEntry("summary.cell_not_number", ERR, "A15", "총괄표 칸이 숫자가 아님",
              "{unit}: {label} 칸 '{raw}'이(가) 숫자가 아닙니다. 원본 값을 확인하십시오."),
    CodeEntry("summary.total_missing", WARN, "R1", "'계' 행이 없음",
              "총괄표에 '계' 행이 없어 합계를 검증하지 못했습니다."),
    CodeEntry("summary.total_rounding", INFO, "R1", "'계'와 행 합계의 반올림 차이",
              "계 행의 {label} {printed}이(가) 실국 {rows}개 행의 합 {computed}와 {gap} 다릅니다 "
              "({money_unit} 단위로 행마다 반올림한 차이, 허용 범위 ±{rows}; 고칠 필요는 없습니다)."),
    CodeEntry("summary.total_mismatch", ERR, "R1", "'계'가 행 합계와 다름",
              "계 행의 {label} {printed}이(가) 실국 {rows}개 행의 합 {computed}와 {gap} 다릅니다. "
              "실국 행이나 계 행의 값을 고치십시오."),
    CodeEntry("summary.change_rounding", INFO, "R2", "비교증감의 반올림 차이",
              "{unit}: 비교증감 {printed}이(가) {label} − {previous_label} = {computed}와 {gap} "
              "다릅니다 ({money_unit} 단위 반올림 차이로 보입니다; 고칠 필요는 없습니다)."),
    CodeEntry("summary.change_mismatch", ERR, "R2", "비교증감이 차액과 다름",
              "{unit}: 비교증감 {printed}이(가) {label} − {previous_label} = {computed}와 {gap} "
              "다릅니다. 세 값 중 틀린 값을 찾아 고치십시오."),
    CodeEntry("summary.status_sum_mismatch", ERR, "R5", "지표수가 달성도 열의 합과 다름",
              "{unit}: 지표수 {printed}이(가) 초과달성+달성+미달성 = {computed}와 다릅니다"
              "(R5, '-'는 미달성에 셉니다). 총괄표 값을 고치십시오."),
    # --- the detail table of plans and reports (4.2, 4.4) -----------------------------------
    CodeEntry("detail.table_missing", WARN, "A1", "세부표가 없음",
              "세부표(성과계획/성과목표 및 비중)를 찾지 못했습니다. 총괄표만 읽었습니다."),
    CodeEntry("detail.orphan_row", ERR, "A5", "어느 실국에도 속하지 않는 행",
              "세부표 행이 어느 전략목표(실국)에도 속하지 않습니다. "
              "앞 행의 전략목표 칸에 '(실국명)'이 있는지 확인하십시오."),
    CodeEntry("detail.unexpected_amount", WARN, "A4", "첫 행이 아닌 행의 금액/비중",
              "{owner}: 전략목표 첫 행이 아닌 행에 금액/비중({amount})이 있습니다. "
              "행이 밀렸는지 확인하십시오."),
    CodeEntry("detail.row_shifted_left", INFO, "A6", "왼쪽으로 밀린 행",
              "{owner}: 앞쪽 빈 칸이 빠진 행(A6)이라 칸을 내용으로 구분해 읽었습니다"
              "(지표 '{indicator}'). 원본을 확인하십시오."),
    CodeEntry("detail.row_realigned", INFO, "A6", "칸을 내용으로 다시 맞춘 행",
              "{owner}: 칸이 제자리에 있지 않은 행이라 내용(코드·표시·숫자)으로 읽었습니다: "
              "{reading}. 원본을 확인하십시오."),
    CodeEntry("detail.cell_split_rows", INFO, "A5", "두 행으로 나뉜 병합 칸",
              "{owner}: 정책사업목표 '{policy}'만 있는 행({line_first}행)과 다음 행의 지표를 "
              "나뉜 병합 칸으로 보고 한 행으로 읽었습니다. 원본을 확인하십시오."),
    CodeEntry("detail.read_as_repeat", WARN, "A20", "총괄표에 맞춰 반복으로 읽음",
              "{owner}: 총괄표의 {label} 수 {count}과(와) 맞도록 '{text}'을(를) 앞 목표 "
              "'{first}'({first_line}행)의 반복으로 읽었습니다. 문구가 조금 달라 새 목표로 "
              "읽으면 {label} 수가 {other}이(가) 됩니다. 원본 문구를 맞추십시오."),
    CodeEntry("detail.read_as_new", WARN, "A20", "총괄표에 맞춰 새 목표로 읽음",
              "{owner}: 총괄표의 {label} 수 {count}과(와) 맞도록 쪽 첫머리의 '{text}'을(를) "
              "앞 목표 '{first}'({first_line}행)의 반복이 아닌 새 목표로 읽었습니다. 반복으로 "
              "읽으면 {label} 수가 {other}이(가) 됩니다. 같은 목표라면 원본 문구를 맞추십시오."),
    CodeEntry("detail.read_as_continued", WARN, "A20", "총괄표에 맞춰 앞 목표에 이어 읽음",
              "{owner}: 총괄표의 {label} 수 {count}과(와) 맞도록 쪽 첫머리의 '{text}'을(를) 앞 "
              "정책사업목표 '{first}'({first_line}행)에 이어지는 부분으로 읽었습니다. 따로 읽으면 "
              "{label} 수가 {other}이(가) 됩니다. 쪽이 바뀌며 나뉜 칸인지 원본을 확인하십시오."),
    CodeEntry("detail.reading_ambiguous", WARN, "A20", "여러 가지로 읽히는 목표 행",
              "{owner}: 다시 나온 목표 행 {text}은(는) 앞 목표와 같은 목표로 읽어도 따로 읽어도 "
              "총괄표의 개수와 맞아 총괄표로는 정할 수 없습니다. 평소 읽기에 가장 가까운 대로 "
              "{reading} 읽었습니다. 맞는지 확인하고, 같은 목표면 앞쪽 문구와 같게, 다른 목표면 "
              "분명히 다르게 고치십시오."),
    CodeEntry("detail.row_shifted_right", INFO, "A7", "오른쪽으로 밀린 행",
              "{owner}: 한 칸 오른쪽으로 밀린 행(A7)입니다. 정책사업목표가 지표 칸에, "
              "지표가 표시/금액 칸에 있어 한 칸 당겨 읽었습니다. 원본을 고치십시오."),
    CodeEntry("detail.cell_fragments_joined", WARN, "A9", "쪼개진 칸을 이어 붙임",
              "{owner}: 정책사업목표가 두 칸 이상으로 쪼개진 행입니다(A6/A9). "
              "'{policy}'로 이어 붙여 읽었습니다. 원본 문구를 확인하십시오."),
    CodeEntry("detail.cell_shifted", INFO, "A6", "비중이 제 칸에 없음",
              "{owner}: 비중({share})이 제 칸이 아닌 곳에 있어 내용으로 읽었습니다."),
    CodeEntry("detail.fused_goals", INFO, "A13", "한 칸에 목표가 여러 개",
              "{owner}: {goal_kind} 칸에 목표 문장이 여러 개 있습니다(A13). 하나로 세었습니다. "
              "나눠야 하면 원본을 고치십시오."),
    CodeEntry("detail.far_right_indicator", INFO, "A13", "행 오른쪽 끝의 두 번째 지표",
              "{owner}: 행 오른쪽 끝({column}번째 칸)의 '{indicator}'을(를) 두 번째 성과지표로 "
              "읽었습니다(A13). 두 단 편집된 표인지 원본을 확인하십시오."),
    CodeEntry("detail.indicator_missing", WARN, "A7", "성과지표명이 없는 행",
              "{owner}: 성과지표명이 없는 행입니다. 원본을 확인하십시오."),
    CodeEntry("detail.unit_suffix_truncated", INFO, "A7", "'(실국명)'이 잘림",
              "전략목표 칸 끝의 '(실국명)'이 잘려 있어 총괄표의 '{unit}'(으)로 읽었습니다."),
    CodeEntry("detail.goal_row_repeated", WARN, "A2", "전략목표 첫 행이 다시 나옴",
              "{owner}: 쪽이 바뀌지 않았는데 전략목표 첫 행이 다시 나옵니다. "
              "중복 행인지 확인하십시오."),
    CodeEntry("detail.goal_text_differs", INFO, "A20", "반복된 전략목표 문구가 다름",
              "{owner}: 쪽마다 반복된 전략목표 문구가 다릅니다({first_line}행 '{first}' / "
              "이 행 '{text}'). 같은 목표로 보고 처음 문구를 썼습니다. 원본 문구를 맞추십시오."),
    CodeEntry("detail.row_truncated", WARN, "A7", "전략목표 첫 행의 금액/비중이 없음",
              "{owner}: 전략목표 첫 행에 {missing}이(가) 없습니다"
              "(오른쪽 칸이 잘렸거나 비어 있음, A7). 원본 값을 확인하십시오."),
    CodeEntry("detail.policy_text_differs", WARN, "A20", "정책사업목표 문구가 다름",
              "{owner}: {where} 정책사업목표 문구가 {versus}다릅니다({first_line}행 '{first}' / "
              "이 행 '{text}'){remark} 원본 문구를 맞추십시오."),
    CodeEntry("detail.policy_goal_repeated", WARN, "A23", "정책사업목표가 다시 적힘",
              "{owner}: 정책사업목표 '{text}'이(가) 다시 적혀 있습니다(처음 {first_line}행). "
              "같은 목표로 세었습니다. 중복 입력인지, 다른 목표를 잘못 적은 것인지 확인하십시오."),
    CodeEntry("detail.unit_not_in_summary", ERR, "R4", "세부표의 실국이 총괄표에 없음",
              "세부표의 실국 '{owner}'이(가) 총괄표에 없습니다. 실국명 표기를 맞추거나 "
              "총괄표에 행을 넣으십시오."),
    CodeEntry("detail.count_mismatch", ERR, "R4", "총괄표와 세부표의 개수가 다름",
              "{unit}: 총괄표와 세부표({first}–{last}행)의 개수가 다릅니다: {diffs}. "
              "세부표의 빠진/합쳐진 행이나 총괄표 값을 확인해 고치십시오."),
    CodeEntry("detail.unit_without_rows", ERR, "R4", "총괄표의 실국이 세부표에 없음",
              "{unit}: 총괄표에는 목표/지표가 있는데 세부표에 이 실국의 행이 없습니다. "
              "세부표의 '(실국명)' 표기를 확인하십시오."),
    CodeEntry("detail.count_relies_on_far_right", INFO, "A13", "오른쪽 끝 지표를 세야 개수가 맞음",
              "{unit}: 개수가 맞는 것은 행 오른쪽 끝의 두 번째 지표 {count}개를 셀 때뿐입니다(A13). "
              "두 단 편집을 원본에서 확인하십시오."),
    CodeEntry("detail.fused_indicators_suspected", WARN, "A13", "한 칸에 지표명 두 개",
              "{owner}: 지표 칸 '{indicator}'에 지표명 두 개가 붙어 있는 것 같습니다"
              "('{left}' / '{right}', A13). 원본에서 확인해 행을 나누십시오."),
    CodeEntry("detail.repeat_differs", WARN, "A20", "쪽마다 반복된 금액/비중이 다름",
              "{owner}: 쪽마다 반복된 {what}이(가) 다르게 인쇄되었습니다"
              "({first_line}행 '{first}' / {line}행 '{again}', A20). 한쪽 표기를 고치십시오."),
    CodeEntry("detail.share_not_number", ERR, "R3", "비중이 숫자가 아님",
              "{owner}: 비중 '{raw}'이(가) 숫자가 아닙니다."),
    CodeEntry("detail.share_mismatch", ERR, "R3", "비중이 계산값과 다름",
              "{owner}: 비중 {printed}%가 계산값 {computed}%(= {amount} ÷ 세부표 금액 합계 "
              "{denominator} × 100, 반올림)와 다릅니다{incomplete}. 금액이나 비중을 고치십시오."),
    CodeEntry("detail.indicator_is_goal_text", WARN, "A23", "성과지표가 정책사업목표 문구의 일부",
              "{owner}: 성과지표 '{indicator}'이(가) 정책사업목표 문구의 일부입니다"
              "(사업명이 지표 칸에 들어갔거나 목표와 지표가 어긋남, A23). 원본을 확인하십시오."),
    CodeEntry("detail.indicator_under_several_goals", INFO, "R21", "한 지표가 여러 정책사업목표 아래",
              "{owner}: 지표 '{indicator}'이(가) 정책사업목표 {count}개 아래에 있습니다"
              "({lines}행, R21). 서로 다른 지표로 저장합니다; 같은 지표라면 원본을 정리하십시오."),
    CodeEntry("detail.mark_missing", ERR, "R5", "달성 표시가 없음",
              "{unit}: 지표 '{indicator}'에 달성 표시(◎ ○ × -)가 없습니다({cell}).{hint} "
              "원본에서 확인해 넣으십시오."),
    CodeEntry("detail.mark_unknown", ERR, "R5", "알 수 없는 달성 표시",
              "{unit}: 지표 '{indicator}'의 달성 표시 '{mark}'을(를) 알 수 없습니다({marks} 중 하나여야 "
              "합니다)."),
    CodeEntry("detail.status_count_mismatch", ERR, "R5", "달성도 개수가 표시 개수와 다름",
              "{unit}: 총괄표의 달성도 개수와 세부표 표시 개수가 다릅니다: {diffs} "
              "('-'는 미달성에 셉니다, R5). 표시나 총괄표 값을 고치십시오."),
    # --- weights and scores (R9, R10) -------------------------------------------------------
    CodeEntry("weights.missing", WARN, "A7", "가중치가 없는 지표",
              "'{indicator}' 행의 오른쪽 칸(단위·가중치)이 잘려 가중치를 알 수 없습니다. "
              "원문에서 가중치를 확인해 입력하세요."),
    CodeEntry("weights.sum", ERR, "R10", "지표 가중치 합이 100이 아님",
              "'{owner}' 지표 가중치의 합이 {total}으로 {expected}이 아닙니다.{hint} "
              "가중치를 고쳐 합이 {expected}이 되게 하세요."),
    CodeEntry("weights.declared_total_differs", ERR, "R9", "'가중치 합계'가 지표 합과 다름",
              "'{owner}'의 지표 가중치 합은 {total}인데 '가중치 합계'에는 {declared}로 적혀 "
              "있습니다. 가중치를 고쳐 합계와 맞추세요."),
    CodeEntry("weights.total_blank", WARN, "R9", "'가중치 합계' 칸이 비어 있음",
              "'{owner}'의 '가중치 합계' 칸이 비어 있습니다(지표 가중치 합 {total}). "
              "합계 칸에 {expected}을 적으세요."),
    CodeEntry("weights.total_missing", WARN, "R9", "'가중치 합계' 행이 없음",
              "'{owner}' 블록에 '가중치 합계' 행이 없습니다. 합계 행을 보완하세요."),
    CodeEntry("weights.perspective_declared_sum", ERR, "R10", "관점 가중치 합이 100이 아님",
              "관점 가중치 선언의 합이 {total}으로 {expected}이 아닙니다. 관점별 가중치를 고치세요."),
    CodeEntry("weights.perspective_sum", ERR, "R10", "관점 안 지표 가중치 합이 관점 가중치와 다름",
              "관점 '{perspective}'의 선언 가중치는 {declared}인데 지표 가중치 합은 {total}입니다. "
              "선언 또는 지표 가중치를 고치세요."),
    # --- series (R11), grading (R8), indicators -------------------------------------------------
    CodeEntry("series.cumulative_broken", ERR, "R11", "누계가 맞지 않음",
              "'{indicator}'의 누계가 맞지 않습니다: {previous} + {annual} ≠ {cumulative}. "
              "연도별 증가분(누계)을 원문과 대조해 고치세요."),
    CodeEntry("grading.override_not_allowed", ERR, "R8", "허용되지 않는 등급 조정 사유",
              "'{band}'(으)로의 조정 사유 '{reason}'는 {scheme}에서 허용되지 않습니다. "
              "허용 사유: {allowed}"),
    CodeEntry("indicator.unit_name_mismatch", WARN, "A16", "단위가 지표명과 맞지 않음",
              "'{indicator}'의 단위가 '{unit_of_measure}'입니다. 지표명으로는 {expected} 단위가 "
              "맞습니다. 단위나 지표명을 고치세요."),
    CodeEntry("indicator.direction_unclear", INFO, "R12", "지표 방향이 불분명함",
              "'{indicator}'의 목표({targets})가 최근 실적 {actual}보다 {comparison}. 지표의 방향"
              "(높을수록/낮을수록 좋음)을 부서에 확인하세요."),
    # --- 2009 BSC sheets (4.5) ---------------------------------------------------------------
    CodeEntry("bsc.title_missing", WARN, "A2", "시트 제목이 없음",
              "머리행 위에 시트 제목이 없습니다. '〈부서〉 균형성과계획' 제목을 보완하세요."),
    CodeEntry("bsc.title_word_missing", WARN, "A3", "제목에 '균형성과계획'이 없음",
              "시트 제목 '{title}'에 '균형성과계획'이 없습니다. 제목을 "
              "'〈부서〉 균형성과계획 (〈구성〉)' 형식으로 고치세요."),
    CodeEntry("bsc.header_perspective_missing", WARN, "A3", "머리행에 '관점'이 없음",
              "머리행 첫 칸에 '관점'이 없습니다. 첫 열 머리말을 '관점'으로 채우세요."),
    CodeEntry("bsc.header_perspective_label", WARN, "A3", "머리행 첫 칸이 '관점'이 아님",
              "머리행 첫 칸이 '관점'이 아니라 '{label}'입니다. '관점'으로 고치세요."),
    CodeEntry("bsc.header_actual_label", WARN, "A3", "실적 열에 '목표치'라고 적힘",
              "실적 연도 열 위에 '실적치' 대신 '목표치'가 적혀 있습니다. 앞의 두 연도는 "
              "실적으로 읽었습니다. 머리말을 '실적치'로 고치세요."),
    CodeEntry("bsc.duplicate_cell", WARN, "A8", "중복 셀로 행이 밀림",
              "'{cell}' 셀이 두 번 찍혀 행이 오른쪽으로 밀렸습니다. 원문에서 중복 셀을 "
              "지우고 칸 위치를 확인하세요."),
    CodeEntry("bsc.header_word_in_cell", WARN, "A18", "값 칸에 머리말",
              "값 칸에 머리말 '{word}'이(가) 들어 있습니다. 원문 값을 확인해 "
              "해당 연도 값을 채우세요."),
    CodeEntry("bsc.parent_only_row", INFO, "A14", "상위 지표만 있는 행",
              "상위(서울시) 전략목표·지표·목표치만 있고 부서 지표가 없는 행입니다. 위 "
              "지표가 상위 지표 두 개에 연결된 것인지 확인하세요."),
    CodeEntry("bsc.kpi_name_wrapped", INFO, "A9", "다음 줄로 넘어간 지표명",
              "지표명 칸만 채워진 이 줄을 윗줄 지표명의 나머지로 보고 이어 읽었습니다: "
              "'{name}'. 원문을 확인하세요."),
    CodeEntry("bsc.goal_read_as_repeat", WARN, "A20", "쪽 첫머리의 전략목표를 반복으로 읽음",
              "쪽 첫머리의 전략목표 '{text}'은(는) 앞 쪽 전략목표 '{first}'({first_line}행)와 "
              "한두 글자만 달라, 같은 관점·상위 목표 아래 다시 찍힌 것으로 보고 한 목표로 "
              "읽었습니다. 시트에는 전략목표 수가 적혀 있지 않고 관점 가중치는 어느 쪽으로 "
              "읽어도 맞습니다. 다른 목표라면 문구를 분명히 다르게, 같은 목표라면 같게 고치세요."),
    CodeEntry("bsc.goal_text_alike", WARN, "A20", "앞 전략목표와 거의 같은 새 전략목표",
              "전략목표 '{text}'은(는) 바로 앞 전략목표 '{first}'({first_line}행)와 거의 같지만 "
              "쪽 첫머리에 다시 찍힌 것이 아니어서(또는 상위 목표가 달라) 새 목표로 읽었습니다. "
              "같은 목표라면 문구를 같게 고치세요."),
    CodeEntry("bsc.row_unreadable", WARN, "A7", "읽을 수 없는 행",
              "지표명·실적·목표·단위·가중치를 찾을 수 없는 행입니다. 원문에서 행이 "
              "잘리거나 나뉘었는지 확인하세요."),
    CodeEntry("bsc.perspective_redeclared", WARN, "A20", "관점 가중치가 두 번 다르게 적힘",
              "관점 '{perspective}'의 가중치가 {first_line}행에서 {first}, {line}행에서 {again}로 "
              "다르게 적혀 있습니다(지표 합 {total}). 한쪽으로 맞추세요."),
    CodeEntry("bsc.duplicate_row", WARN, "A8", "값·단위·가중치가 같은 두 행",
              "'{indicator}' 행의 값·단위·가중치가 {first_line}행 '{first}'과 같습니다. "
              "중복 행이면 한 행을 지우고 가중치를 다시 맞추세요."),
    CodeEntry("bsc.copy_of", INFO, "A19", "다른 소유자의 표와 같은 시트",
              "'{owner}'의 표가 '{other}'({other_line}행)의 표와 같습니다. "
              "별도 소유자로 가져오되 시 합계에서는 한 번만 셉니다."),
    CodeEntry("bsc.partial_copy", INFO, "A19", "다른 소유자의 표에서 행이 빠진 사본",
              "'{owner}'의 표는 '{other}'({other_line}행) 표에서 {missing}개 행이 빠진 사본입니다. "
              "빠진 행이 의도된 것인지 확인하세요."),
    CodeEntry("bsc.parent_value_differs", WARN, "A20", "하위 부서가 상위 지표 값을 다르게 적음",
              "'{indicator}' {year}년 값이 하위 부서 '{owner}'에서 '{own}', 상위 '{parent}'"
              "({parent_line}행)에서 '{parent_value}'로 다릅니다. 어느 쪽이 맞는지 확인해 맞추세요."),
    CodeEntry("bsc.city_target_differs", WARN, "A20", "상위 지표 목표치가 시트마다 다름",
              "상위 지표의 목표치가 시트마다 다릅니다: {listing}. 시 목표치 하나로 맞추세요."),
    CodeEntry("bsc.scale_switch", WARN, "R20", "100점/10점 척도가 섞임",
              "'{indicator}' 행에서 100점 척도와 10점 척도가 섞여 있습니다. 한 척도로 환산해 적으세요."),
    # --- 2020 BSC detail (4.6) ---------------------------------------------------------------
    CodeEntry("bsc_detail.heading_missing", WARN, "A2", "'N. 부서명' 제목이 없음",
              "머리행 위에 'N. 부서명' 제목이 없습니다. 원문에 부서명을 보완하세요."),
    CodeEntry("bsc_detail.row_unreadable", WARN, "A7", "가중치·단위를 찾을 수 없는 행",
              "가중치·단위 칸을 찾을 수 없는 행입니다. 원문 행을 확인하고 가중치와 "
              "단위를 채워 주세요."),
    CodeEntry("bsc_detail.duplicate_row", WARN, "R21", "한 부서에 같은 지표가 두 번",
              "'{indicator}' 지표가 {first_line}행과 중복됩니다. 중복 행을 지우세요."),
    CodeEntry("bsc_detail.row_shifted", INFO, "A7", "오른쪽으로 밀린 행",
              "'{indicator}' 행의 칸이 오른쪽으로 밀려 지표명 칸에 전략목표 문구가 있습니다. "
              "가중치 기준으로 다시 읽었으니 칸 위치를 확인하세요."),
    CodeEntry("bsc_detail.two_targets", WARN, "A13", "목표 칸에 값 두 개",
              "'{indicator}'의 목표 칸에 값 두 개('{raw}', 단위 '{unit_of_measure}')가 들어 "
              "있습니다. 지표를 나누거나 복합 목표의 각 부분을 정의하세요."),
    CodeEntry("bsc_detail.composite_part_missing", WARN, "A14", "복합 목표의 한 부분만 있음",
              "'{indicator}'의 단위는 '{unit_of_measure}'로 두 부분인데 목표는 '{raw}' 하나뿐입니다. "
              "빠진 부분의 목표를 채우세요."),
    # --- consignment evaluation tables (4.8, 민간위탁 종합성과평가) -------------------------------
    CodeEntry("consignment.year_label_garbled", INFO, "A10", "연도 머리말이 깨짐",
              "연도 머리말 '{label}'의 번호 표시가 깨져 있어 {year}년으로 읽었습니다. "
              "원문에서 '{expected} {year}년'으로 고치세요."),
    CodeEntry("consignment.count_mismatch", WARN, "R15", "대상 사무 수가 표와 다름",
              "{year}년 '{label}'에 {declared}개 사무라고 적혀 있으나 표에는 {rows}개 행이 "
              "있습니다. 빠지거나 겹친 행을 확인하세요."),
    CodeEntry("consignment.average_mismatch", ERR, "R15", "평균 점수가 표와 다름",
              "{year}년 평균이 {declared}점으로 적혀 있으나 표의 점수 {rows}개의 평균은 "
              "{computed}점입니다(소수 둘째 자리 반올림). 점수나 평균을 확인하세요."),
    CodeEntry("consignment.round_count_mismatch", WARN, "R15", "차수별 사무 수의 합이 다름",
              "{year}년 차수별 사무 수의 합({declared})이 표의 행 수({rows})와 다릅니다. "
              "차수는 표 순서대로 나누었습니다. 차수 설명을 확인하세요."),
    CodeEntry("consignment.round_first_differs", INFO, "R15", "차수의 첫 사무가 표 순서와 다름",
              "{year}년 {round}차의 첫 사무가 '{declared}'로 적혀 있으나 표 순서로는 "
              "{position}번 '{found}'입니다. 차수 설명과 표 순서를 확인하세요."),
    CodeEntry("consignment.score_unreadable", ERR, "A15", "점수를 읽을 수 없음",
              "'{service}'의 점수 '{raw}'을(를) 0~100 사이의 숫자(소수 둘째 자리까지)로 읽을 수 "
              "없습니다. 원문의 점수 칸을 고치세요."),
    CodeEntry("consignment.row_unreadable", WARN, "A7", "읽을 수 없는 행",
              "연번·평가대상 사무·사업부서·수탁기관·점수를 찾을 수 없는 행입니다: '{text}'. "
              "원문에서 행이 잘리거나 나뉘었는지 확인하세요."),
    CodeEntry("consignment.remark_missing", WARN, "R15", "60점 미만인데 재계약 배제 표시가 없음",
              "'{service}'의 점수 {score}점은 60점 미만인데 비고에 '재계약 배제'가 없습니다. "
              "비고를 확인하세요."),
    CodeEntry("consignment.remark_unexpected", WARN, "R15", "60점 이상인데 재계약 배제 표시",
              "'{service}'의 점수 {score}점은 60점 이상인데 비고가 '{remark}'입니다. "
              "점수나 비고를 확인하세요."),
    CodeEntry("consignment.consortium_space", INFO, "A13", "공동 수탁기관이 띄어쓰기로만 나뉨",
              "수탁기관 '{contractor}'을(를) 띄어쓰기로 나뉜 공동 수탁기관 {members}(으)로 "
              "읽었습니다. 원문에서 '·'로 구분하세요."),
    CodeEntry("consignment.exclusion_name_differs", WARN, "A20", "배제 목록의 사무명이 본표와 다름",
              "재계약 배제 목록의 '{summary}'이(가) {main_line}행 본표에는 '{main}'(으)로 적혀 "
              "있습니다({year}년, {score}점). 같은 사무로 보고 본표 이름을 썼습니다. 한쪽으로 맞추세요."),
    CodeEntry("consignment.exclusion_contractor_differs", WARN, "A20",
              "배제 목록의 수탁기관이 본표와 다름",
              "재계약 배제 목록의 수탁기관 '{summary}'이(가) {main_line}행 본표에는 '{main}'(으)로 "
              "적혀 있습니다({year}년 '{service}'). 한쪽으로 맞추세요."),
    CodeEntry("consignment.exclusion_unmatched", ERR, "R15", "배제 목록과 본표가 맞지 않음",
              "{year}년 {score}점 '{service}'이(가) {where}. 60점 미만 사무와 재계약 배제 목록을 "
              "대조하세요."),
    # --- risk register (4.11, 시정 리스크 관리) ---------------------------------------------------
    CodeEntry("risks.label_spaced", INFO, "A17", "항목 이름이 띄어 쓰여 있음",
              "'{issue}'의 항목 이름 '{label}'을(를) '{expected}'(으)로 읽었습니다. "
              "원문에서 띄어쓰기를 없애세요."),
    CodeEntry("risks.label_indented", INFO, "A6", "항목 이름이 글머리표 안쪽에 있음",
              "'{issue}'의 '{label}'이(가) 다른 이슈와 달리 글머리표 안쪽('{text}')에 적혀 "
              "있어 이슈의 항목으로 읽었습니다. 들여쓰기를 맞추세요."),
    CodeEntry("risks.requests_unsplit", INFO, "", "요청사항이 단기·장기로 나뉘지 않음",
              "'{issue}'의 요청사항이 (단기)·(장기)로 나뉘어 있지 않아 단기 요청으로 "
              "읽었습니다. 원문에 (단기) 또는 (장기)를 적으세요."),
    CodeEntry("risks.response_continued", INFO, "A21", "부서대응 뒤에 이어진 줄",
              "'{issue}'의 부서대응 뒤에 글머리표 줄 '{text}'이(가) 있어 부서대응에 "
              "이어 붙였습니다. 한 항목으로 합치세요."),
    CodeEntry("risks.press_unreadable", WARN, "A15", "관련보도의 날짜·언론사를 읽을 수 없음",
              "'{issue}'의 관련보도 '{text}'에서 괄호 안의 날짜('19. 12. 19.)와 언론사를 "
              "찾을 수 없어 제목만 읽었습니다. 원문의 괄호를 확인하세요."),
    CodeEntry("risks.year_differs", WARN, "A20", "이슈의 연도가 가져오는 연도와 다름",
              "'{issue}'의 연도 표시 {label}이(가) 가져오는 연도 {year}년과 다릅니다. "
              "--year 또는 원문의 연도를 확인하세요."),
    CodeEntry("risks.month_missing", INFO, "", "이슈에 월이 없음",
              "리스크 이슈 사례에 월이 적혀 있지 않아 {year}년 보고(월 미상)로 읽었습니다"
              "(운영 기간 {period}). 월별 리포트가 필요하면 달을 열고 이슈를 등록하세요."),
    CodeEntry("risks.part_missing", WARN, "", "이슈에 필요한 항목이 없음",
              "'{issue}'에 {part}이(가) 없습니다. 원문을 확인하세요."),
    CodeEntry("risks.line_unreadable", WARN, "A7", "리스크 이슈의 읽을 수 없는 줄",
              "'{issue}' 안의 줄 '{text}'이(가) 어느 항목에 속하는지 알 수 없어 읽지 "
              "않았습니다. 항목 이름(주요내용·관련보도·리스크·요청사항·부서대응)을 확인하세요."),
    # --- ad-hoc review records (4.9, 시정 주요사업 수시평가) --------------------------------------
    CodeEntry("reviews.department_spaced", INFO, "A17", "대상실국이 글자마다 띄어 쓰여 있음",
              "대상실국 '{raw}'을(를) 글자 사이 띄어쓰기를 없애 '{name}'(으)로 읽었습니다."),
    CodeEntry("reviews.year_unreadable", WARN, "A5", "년도 칸을 읽을 수 없음",
              "목록 {number}번의 년도 칸 '{raw}'을(를) 읽을 수 없어 {year}년으로 보았습니다. "
              "'2020 (10)'처럼 적으세요."),
    CodeEntry("reviews.count_mismatch", WARN, "A20", "수시평가 건수가 목록과 다름",
              "{year}년 년도 칸에 {declared}건이라고 적혀 있으나 {what}은(는) {found}건입니다. "
              "빠지거나 겹친 건을 확인하세요."),
    CodeEntry("reviews.timing_unreadable", WARN, "A15", "평가시기를 읽을 수 없음",
              "목록 {number}번 '{topic}'의 평가시기 '{raw}'을(를) 날짜로 읽을 수 없어 글자로만 "
              "저장했습니다. \"'20.1월\"처럼 적으세요."),
    CodeEntry("reviews.record_missing", ERR, "", "목록의 수시평가에 본문이 없음",
              "목록 {number}번 '{topic}'의 본문({number}. 제목)을 찾지 못해 개요·점검결과·"
              "검토의견 없이 저장했습니다. 원문을 확인하세요."),
    CodeEntry("reviews.list_row_missing", WARN, "", "본문의 수시평가가 목록에 없음",
              "본문 {number}. '{title}'이(가) 수시평가 목록에 없어 가져오지 않았습니다. 목록에 "
              "행을 더하세요."),
    CodeEntry("reviews.title_differs", WARN, "A20", "본문 제목이 목록의 평가사업명과 다름",
              "본문 {number}. '{title}'이(가) {list_line}행 목록에는 '{topic}'(으)로 적혀 "
              "있습니다. 같은 수시평가로 보고 목록의 이름을 평가사업명으로 썼습니다. 한쪽으로 "
              "맞추세요."),
    CodeEntry("reviews.title_split", INFO, "A21", "제목 위 줄이 제목의 일부로 보임",
              "본문 {number}. 제목 위의 줄 '{text}'은(는) 앞 수시평가의 검토의견이 아니라 이 "
              "제목의 머리말로 보고 제목 설명에 붙였습니다."),
    CodeEntry("reviews.overview_missing", INFO, "", "개요(▶) 항목이 없음",
              "'{topic}'에는 ▶ 추진기간·추진방향·주요내용·총사업비(사업검토)나 ▶ 점검기간·"
              "점검대상·점검내용·점검방법(점검) 항목이 없어 제목에 따라 {method}(으)로 "
              "보았습니다. 개요는 글자로만 저장했습니다."),
    CodeEntry("reviews.period_unreadable", WARN, "A15", "추진·점검기간을 읽을 수 없음",
              "'{topic}'의 {label} '{raw}'을(를) 날짜로 읽을 수 없어 글자로만 저장했습니다."),
    CodeEntry("reviews.part_as_round", INFO, "", "차수 없이 점검결과가 다시 나옴",
              "'{topic}'에서 검토의견 뒤에 점검결과가 다시 나와 {round}차('{title}')로 "
              "읽었습니다. 차수가 아니라 대상별 결과면 차수 이름을 고치세요."),
    CodeEntry("reviews.round_number_unexpected", WARN, "", "차수 번호가 차례와 다름",
              "'{topic}'의 '{text}'은(는) {expected}차여야 할 자리에 있습니다. {found}차로 "
              "읽었습니다. 차수 번호를 확인하세요."),
    CodeEntry("reviews.no_findings", WARN, "", "점검결과가 없음",
              "'{topic}' {round}차에 점검결과 항목이 없습니다. 원문을 확인하세요."),
    CodeEntry("reviews.no_recommendations", WARN, "", "검토의견이 없음",
              "'{topic}' {round}차에 검토의견 항목이 없어 후속조치할 것이 없습니다. 원문을 "
              "확인하세요."),
    # --- the loader (importing.md) -----------------------------------------------------------
    CodeEntry("import.encoding", INFO, "", "UTF-8이 아닌 인코딩",
              "{file}: {encoding} 로 인코딩된 파일을 읽었습니다. 글자가 깨져 보이면 "
              "UTF-8 로 다시 저장해 가져오세요."),
    CodeEntry("import.weight_not_number", WARN, "A15", "가중치를 숫자로 읽을 수 없음",
              "{file}:{line}: {what} 가중치 '{raw}'을(를) 0~100 사이의 숫자(소수 셋째 자리까지)로 "
              "읽을 수 없어 원문만 저장했습니다. 원본의 가중치 칸을 확인하세요."),
    CodeEntry("import.money_unit_unknown", WARN, "R20", "금액 단위를 알 수 없음",
              "{file}:{line}: 금액 단위('{money_unit}')를 알 수 없어 '{raw}'을(를) 원으로 바꾸지 "
              "못했습니다. 표 위의 '(단위: …)' 줄을 확인하세요."),
    CodeEntry("import.year_differs", WARN, "", "문서의 연도와 --year가 다름",
              "{file}: 문서에 적힌 연도({document_year}년)와 --year({year}년)가 다릅니다. "
              "값의 연도는 문서에 적힌 대로 두었습니다. 연도를 확인하세요."),
    CodeEntry("import.value_duplicate", WARN, "", "같은 연도 값이 두 번",
              "{file}:{line}: 지표 '{indicator}'의 {year}년 {kind} 값이 두 번 있습니다. 처음 값만 "
              "저장하고 '{raw}'은(는) 버렸습니다. 원본의 열 배치를 확인하세요."),
    CodeEntry("import.code_repeated", WARN, "R21", "한 계획에 같은 코드가 두 번",
              "{file}:{line}: {what} 코드 '{goal_code}'이(가) 한 계획 안에 두 번 있어 뒤의 것은 코드를 "
              "비워 두었습니다. 원본의 코드를 확인하세요."),
    CodeEntry("import.stored_differently", WARN, "", "칸이 길어 잘라 저장함",
              "{file}:{line}: {what}의 '{field}'이(가) {max_length}자를 넘어 {max_length}자까지만 "
              "저장했습니다. 원본 칸을 확인하세요."),
    CodeEntry("import.parent_not_found", INFO, "", "상위 목표·지표를 찾지 못함",
              "{where}: 상위 '{parent}'의 목표 {goals}개·지표 {kpis}개({names})를 데이터베이스에서 "
              "찾지 못해 글자로만 저장했습니다. {hint}"),
    CodeEntry("import.previous_unmatched", INFO, "R21", "작년 계획에 같은 지표가 없음",
              "{file}: 지표 {count}개가 {previous_year}년 계획의 같은 실국·같은 목표 아래에서 같은 코드나 "
              "이름의 지표를 찾지 못해 작년 지표와 연결하지 않았습니다: {names}. 이름이 바뀐 지표면 "
              "지표 편집에서 작년 지표를 지정하세요."),
    # --- major-project table (4.12, 주요 역점사업 정기평가, R18) --------------------------------
    CodeEntry("projects.budget_over_total", WARN, "R18", "편성액이 총사업비보다 큼",
              "{file}:{line}: '{project}'의 {year}편성액 {budget}백만원이 {whose}총사업비 {total}백만원보다 "
              "큽니다(R18: 편성액 ≤ 총사업비). 원본의 금액을 확인하세요."),
    CodeEntry("projects.parent_amount_repeated", INFO, "R18", "상위 과제 금액이 세부사업마다 반복됨",
              "{file}:{line}: '{project}'의 {what} {amount}백만원은 {first_line}행 '{first}'과(와) 같아 "
              "상위 과제 '{parent}'의 금액이 반복된 것으로 보고 한 번만 셌습니다(R18)."),
    CodeEntry("projects.amount_unreadable", WARN, "A15", "금액을 읽지 못함",
              "{file}:{line}: '{project}'의 {what} '{raw}'을(를) 백만원 단위 숫자로 읽지 못해 원문만 "
              "저장했습니다. '10,681'처럼 적거나 없으면 비워 두세요."),
    CodeEntry("projects.period_unreadable", INFO, "A15", "사업기간을 읽지 못함",
              "{file}:{line}: '{project}'의 사업기간 '{raw}'을(를) 시작·끝 연도로 읽지 못해 원문만 "
              "저장했습니다."),
    CodeEntry("projects.row_unreadable", WARN, "A7", "읽을 수 없는 역점사업 행",
              "{file}:{line}: 역점사업 표의 행을 읽지 못했습니다({reason}). 원본 행을 확인하세요."),
    CodeEntry("projects.number_gap", WARN, "A7", "연번이 건너뜀",
              "{file}:{line}: 연번 {expected} 다음에 {found}이(가) 나옵니다. 빠진 행이 없는지 원본을 "
              "확인하세요."),
    # --- sustainability tables (4.7, R13, R14) ---------------------------------------------
    CodeEntry("sustainability.table_missing", ERR, "", "지속가능성 표를 찾지 못함",
              "{file}: '{table}' 표를 찾지 못했습니다. 표 제목 줄({title})이 있는지 확인하세요."),
    CodeEntry("sustainability.name_differs", WARN, "A15", "달성도 표의 지표명이 핵심지표 표와 다름",
              "{file}:{line}: 달성도 표의 {position}번째 {field} 지표 '{printed}'이(가) 핵심지표 표의 "
              "'{expected}'와 다릅니다. 같은 지표로 보고 핵심지표 표의 이름을 썼습니다. 원본을 확인하세요."),
    CodeEntry("sustainability.achievement_over_cap", WARN, "R13", "달성도가 100%를 넘음",
              "{file}:{line}: 지표 '{indicator}'의 달성도 {raw}이(가) 100%를 넘어 100%로 계산했습니다(R13)."),
    CodeEntry("sustainability.achievement_unreadable", ERR, "A15", "달성도를 읽지 못함",
              "{file}:{line}: 지표 '{indicator}'의 달성도 '{raw}'을(를) 읽지 못해 제외했습니다. "
              "'67.9%'처럼 적거나 자료가 없으면 '-'로 적으세요."),
    CodeEntry("sustainability.excluded", INFO, "R13", "자료 없음('-')으로 제외한 지표",
              "{file}:{line}: 지표 '{indicator}'은(는) 달성도가 '-'(자료 없음)여서 분야 평균에서 "
              "제외했습니다(R13)."),
    CodeEntry("sustainability.count_unreadable", ERR, "A15", "집계표 칸이 숫자가 아님",
              "{file}:{line}: {field} 분야 과제 '{task}'의 {label} 칸 '{raw}'이(가) 숫자가 아닙니다. "
              "0으로 보았습니다. 원본 값을 확인하세요."),
    CodeEntry("sustainability.count_blank", INFO, "R14", "집계표의 빈 칸을 0으로 봄",
              "{file}:{line}: {field} 분야 과제 '{task}'의 {label} 칸이 비어 있어 0으로 보았습니다(R14: "
              "'-'와 빈 칸은 0)."),
    CodeEntry("sustainability.count_total_mismatch", ERR, "R14", "머리칸 합계가 과제 행의 합과 다름",
              "{file}:{line}: {field} 분야 머리칸의 {label} 합계 {printed}이(가) 과제 {rows}개 행의 합 "
              "{computed}와 다릅니다. 원본 표를 확인하세요."),
    CodeEntry("sustainability.summary_mismatch", ERR, "R14", "▶ 요약 줄이 표와 다름",
              "{file}:{line}: {field} 분야 ▶ 요약 줄의 {label} {printed}이(가) 표의 {computed}와 "
              "다릅니다. 원본을 확인하세요."),
    # --- joint evaluation (4.10, R17) and its VPS sheets ------------------------------------
    CodeEntry("joint.table_missing", ERR, "", "합동평가 지표체계 표를 찾지 못함",
              "{file}: 합동평가 지표체계 표('연번 | 국정목표 | 지표명 | 소관부처')를 찾지 못했습니다."),
    CodeEntry("joint.number_missing", WARN, "A15", "지표 목록의 연번이 비어 있음",
              "{file}:{line}: 지표 '{indicator}'의 연번 칸이 비어 있어 앞 행 다음 번호 {number}(으)로 "
              "보았습니다. 원본을 확인하세요."),
    CodeEntry("joint.number_sequence", WARN, "A15", "지표 목록의 연번이 이어지지 않음",
              "{file}:{line}: 지표 '{indicator}'의 연번 {printed}이(가) 앞 행 다음 번호 {expected}와 "
              "다릅니다. 적힌 번호를 썼습니다."),
    CodeEntry("joint.count_mismatch", ERR, "R17", "적힌 지표 수가 지표 목록과 다름",
              "{file}:{line}: {what}의 지표 수 {printed}이(가) 지표 목록에서 센 {counted}와 다릅니다. "
              "원본을 확인하세요."),
    CodeEntry("joint.scope_one_group", INFO, "R17", "한 그룹만 적힌 평가범위",
              "{file}:{line}: 지표 '{indicator}'의 평가범위 '{raw}'에 {group}가 없어 {group}는 이 "
              "지표로 평가하지 않는 것으로 보았습니다."),
    CodeEntry("joint.region_unknown", WARN, "R17", "결과 표의 시·도를 알 수 없음",
              "{file}:{line}: 결과 표의 시·도 '{region}'을(를) 17개 시·도에서 찾지 못해 건너뛰었습니다."),
    CodeEntry("joint.best_case_title_missing", WARN, "", "우수사례 표의 사례명이 비어 있음",
              "{file}:{line}: 우수사례 표의 '{region}' 행에 사례명이 없어 건너뛰었습니다."),
    CodeEntry("joint.best_case_unmatched", WARN, "", "주요내용 표의 우수사례가 선정 결과 표에 없음",
              "{file}:{line}: 주요내용 표의 우수사례 '{title}'({region})이(가) 선정 결과 표(시도명 | "
              "우수사례명)에 없어 건너뛰었습니다. 원본을 확인하세요."),
    CodeEntry("joint.best_case_count", WARN, "", "적힌 우수사례 수가 표와 다름",
              "{file}:{line}: 적힌 국민공감 우수사례 수 {printed}건이 선정 결과 표에서 센 {counted}건과 "
              "다릅니다. 원본을 확인하세요."),
    CodeEntry("vps.column_missing", ERR, "", "VPS 시트에 필요한 열이 없음",
              "{file}:{line}: 머리행에 '{column}' 열이 없습니다. 열: {columns}. "
              "docs/joint-evaluation.md의 열 배치를 따르세요."),
    CodeEntry("vps.region_unknown", ERR, "R17", "VPS 행의 시·도를 알 수 없음",
              "{file}:{line}: 시·도 '{region}'이(가) 이 합동평가의 17개 시·도에 없어 행을 건너뛰었습니다. "
              "'서울'이나 '서울특별시'처럼 적으세요."),
    CodeEntry("vps.indicator_unknown", ERR, "R17", "VPS 행의 지표를 알 수 없음",
              "{file}:{line}: 지표 '{indicator}'이(가) 이 합동평가의 지표(연번 1~{count})에 없어 행을 "
              "건너뛰었습니다."),
    CodeEntry("vps.name_differs", WARN, "A15", "연번과 지표명이 다른 지표를 가리킴",
              "{file}:{line}: 연번 {number}의 지표는 '{expected}'인데 지표명 칸은 '{printed}'입니다. "
              "연번을 따랐습니다."),
    CodeEntry("vps.value_unreadable", ERR, "A15", "VPS 값이 숫자가 아님",
              "{file}:{line}: {column} '{raw}'을(를) 숫자로 읽지 못해 행을 건너뛰었습니다."),
    CodeEntry("vps.value_out_of_range", ERR, "R17", "VPS 값이 범위 밖",
              "{file}:{line}: {column} '{raw}'이(가) 범위({low}~{high}) 밖이어서 행을 건너뛰었습니다."),
    CodeEntry("vps.met_unreadable", ERR, "A15", "달성여부를 읽지 못함",
              "{file}:{line}: 달성여부 '{raw}'을(를) 읽지 못해 행을 건너뛰었습니다. 달성, 미달성, "
              "해당없음(또는 Y, N, -) 중 하나로 적으세요."),
    CodeEntry("vps.met_computed", INFO, "R17", "달성여부를 목표와 실적으로 판단함",
              "{file}:{line}: 지표 '{indicator}'({region})의 달성여부가 비어 있어 실적 {actual} ≥ 목표 "
              "{target}(으)로 판단했습니다."),
    CodeEntry("vps.met_missing", WARN, "R17", "달성여부를 알 수 없음",
              "{file}:{line}: 지표 '{indicator}'({region})의 달성여부가 비어 있고 목표나 실적이 숫자가 "
              "아니어서 미입력으로 두었습니다(목표달성도 분모에 넣지 않음)."),
    CodeEntry("vps.not_in_scope", WARN, "R17", "그룹이 평가받지 않는 지표",
              "{file}:{line}: 지표 '{indicator}'은(는) {group} 평가 대상이 아니어서 {region}의 값을 "
              "목표달성도에 넣지 않습니다."),
    CodeEntry("vps.row_repeated", WARN, "", "같은 시·도·지표의 행이 또 있음",
              "{file}:{line}: {region} 지표 {number}의 행이 {first}행에 이미 있어 뒤의 행을 썼습니다."),
)  # fmt: skip

CATALOGUE: dict[str, CodeEntry] = {e.code: e for e in _ENTRIES}


def finding(
    code: str,
    *,
    unit: str | None = None,
    line: int | None = None,
    severity: Severity | None = None,
    details: Mapping[str, str] | None = None,
    **fields: object,
) -> Finding:
    """A finding of a catalogued ``code``, its message written from the code's template with
    ``fields`` (and ``{unit}`` / ``{line}``, the finding's own). An unknown code or a missing
    field is a programming error (KeyError)."""
    entry = CATALOGUE[code]
    return Finding(
        severity=severity or entry.severity,
        code=code,
        message=entry.template.format(
            unit=unit or "", line="?" if line is None else line, **fields
        ),
        unit=unit,
        line=line,
        details=dict(details or {}),
    )


# Codes stored before the catalogue (seonggwa 0.1): old code -> new code. Read by the data
# migration that renames stored findings, by ``seonggwa restore`` for older dumps and by the
# workbook importer for older workbooks.
LEGACY_CODES: dict[str, str] = {
    "BSC_CITY_TARGET_DIFFERS": "bsc.city_target_differs",
    "BSC_COPY_OF": "bsc.copy_of",
    "BSC_CUMULATIVE_BROKEN": "series.cumulative_broken",
    "BSC_DIRECTION_UNCLEAR": "indicator.direction_unclear",
    "BSC_DUPLICATE_CELL": "bsc.duplicate_cell",
    "BSC_DUPLICATE_ROW": "bsc.duplicate_row",
    "BSC_HEADER_ACTUAL_LABEL": "bsc.header_actual_label",
    "BSC_HEADER_PERSPECTIVE_LABEL": "bsc.header_perspective_label",
    "BSC_HEADER_PERSPECTIVE_MISSING": "bsc.header_perspective_missing",
    "BSC_HEADER_WORD_IN_CELL": "bsc.header_word_in_cell",
    "BSC_PARENT_ONLY_ROW": "bsc.parent_only_row",
    "BSC_PARENT_VALUE_MISMATCH": "bsc.parent_value_differs",
    "BSC_PARTIAL_COPY": "bsc.partial_copy",
    "BSC_PERSPECTIVE_DECLARED_SUM": "weights.perspective_declared_sum",
    "BSC_PERSPECTIVE_REDECLARED": "bsc.perspective_redeclared",
    "BSC_PERSPECTIVE_SUM": "weights.perspective_sum",
    "BSC_ROW_TRUNCATED": "weights.missing",
    "BSC_ROW_UNREADABLE": "bsc.row_unreadable",
    "BSC_SCALE_SWITCH": "bsc.scale_switch",
    "BSC_TITLE_MISSING": "bsc.title_missing",
    "BSC_TITLE_WORD_MISSING": "bsc.title_word_missing",
    "BSC_UNIT_NAME_MISMATCH": "indicator.unit_name_mismatch",
    "BSC_WEIGHT_SUM": "weights.sum",
    "BSCD_COMPOSITE_PART_MISSING": "bsc_detail.composite_part_missing",
    "BSCD_DUPLICATE_ROW": "bsc_detail.duplicate_row",
    "BSCD_HEADING_MISSING": "bsc_detail.heading_missing",
    "BSCD_ROW_SHIFTED": "bsc_detail.row_shifted",
    "BSCD_ROW_UNREADABLE": "bsc_detail.row_unreadable",
    "BSCD_TWO_TARGETS": "bsc_detail.two_targets",
    "BSCD_UNIT_NAME_MISMATCH": "indicator.unit_name_mismatch",
    "BSCD_WEIGHT_SUM": "weights.sum",
    "BSCD_WEIGHT_TOTAL": "weights.declared_total_differs",
    "BSCD_WEIGHT_TOTAL_BLANK": "weights.total_blank",
    "BSCD_WEIGHT_TOTAL_MISSING": "weights.total_missing",
    "detail.unit_name_mismatch": "indicator.unit_name_mismatch",
}


def legacy_code(
    code: str,
    *,
    unit_label: str = "",
    details: Mapping[str, str] | None = None,
    message: str = "",
) -> str:
    """The catalogue code of a code stored by an older seonggwa (unchanged when current).

    Three old codes were split by what they said: ``summary.duplicate_row`` of the 계 row is
    ``summary.total_row_repeated``, ``detail.count_mismatch`` of a unit with no detail rows
    (computed ``0/0/0``) is ``detail.unit_without_rows``, and ``import.stored_differently``
    about a repeated code is ``import.code_repeated``.

    >>> legacy_code("summary.duplicate_row", unit_label="계")
    'summary.total_row_repeated'
    >>> legacy_code("detail.count_mismatch", details={"computed": "0/0/0"})
    'detail.unit_without_rows'
    """
    if code == "summary.duplicate_row" and unit_label.strip() == "계":
        return "summary.total_row_repeated"
    if code == "detail.count_mismatch" and (details or {}).get("computed") == "0/0/0":
        return "detail.unit_without_rows"
    if code == "import.stored_differently" and "두 번 있어" in message:
        return "import.code_repeated"
    return LEGACY_CODES.get(code, code)


def catalogue_markdown() -> str:
    """``docs/findings.md``: every code with its severity, rule and message template."""
    labels = {ERR: "오류 error", WARN: "경고 warning", INFO: "참고 info"}
    out = [
        "# Finding codes",
        "",
        "Every finding seonggwa reports has one of these codes. The table is written from",
        "`seonggwa.engine.catalogue` (`python scripts/findings_doc.py` rewrites this file; a test",
        "checks it is current). The rule or artefact links to its entry in the",
        "[glossary](glossary.md); `{name}` in a template is filled in per finding.",
        "",
        "| code | severity | rule | what | message template |",
        "|---|---|---|---|---|",
    ]
    for e in _ENTRIES:
        rule = (
            f"[{e.rule}]({e.doc.removeprefix('docs/')})"
            if e.rule
            else "[loader](importing.md#findings)"
        )
        template = e.template.replace("|", "\\|")
        out.append(f"| `{e.code}` | {labels[e.severity]} | {rule} | {e.title} | {template} |")
    return "\n".join(out) + "\n"
