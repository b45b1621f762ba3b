"""한빛시 (Hanbit City): a fictional 기초 government written for seonggwa.

Not copied from any document. It exercises every part of the model: seven units (one of
them renamed between the two plan years, one a sub-unit), performance plans for 2025
(closed, with approved actuals) and 2026 (confirmed, with actuals in every workflow
status), a 2026 BSC plan for a unit and its head with perspective weights and parent
links, goals with codes, indicators of every direction and kind, relative, baseline,
threshold, band and composite targets, cumulative indicators, and budget programs.

A value is written as its printed text; ``Q`` marks a non-absolute one with its qualifier
and numbers so nothing is inferred silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Q:
    """A value that is not a plain number: qualifier plus numeric parts."""

    raw: str
    qualifier: str
    parts: tuple[tuple[str, str], ...] = ()
    value: str | None = None


@dataclass
class Ind:
    name: str
    unit: str
    targets: dict[int, str | Q] = field(default_factory=dict)
    actuals: dict[int, tuple[str | Q, str]] = field(default_factory=dict)  # year -> (value, status)
    baseline: dict[int, str | Q] = field(default_factory=dict)
    direction: str = "higher"
    measure: str = "quantitative"
    cumulative: bool = False
    weight: str | None = None
    perspective: str = ""
    composite_parts: tuple[str, ...] = ()
    definition: str = ""
    source: str = ""
    due_month: int | None = None
    program_codes: str = ""
    parent: tuple[str, str, str] | None = None  # (parent goal, parent KPI, parent target)


ORGANISATION = {"name": "한빛시", "kind": "basic"}

UNITS = [
    # name, type, parent, code prefix, valid_from
    ("기획조정실", "sil", None, "기조", "2018-01-01"),
    ("성과평가담당관", "damdanggwan", "기획조정실", "기조", "2018-01-01"),
    ("시민소통담당관", "damdanggwan", None, "소통", "2018-01-01"),
    ("복지정책국", "guk", None, "복지", "2018-01-01"),
    ("환경녹지국", "guk", None, "환경", "2018-01-01"),
    ("교통건설국", "guk", None, "교통", "2018-01-01"),
    ("안전총괄과", "gwa", None, "안전", "2021-07-01"),
]
# 환경녹지국 becomes 기후환경국 on 2026-01-01 (a rename: a successor unit with a predecessor link).
RENAMES = [("환경녹지국", "기후환경국", "2026-01-01")]

SAMPLE_USERS = [
    # username, password, role, unit (None = whole organisation), superuser
    ("admin", "hanbit-admin-2026", "administrator", None, True),
    ("officer", "hanbit-officer-2026", "evaluation_officer", None, False),
    ("welfare_head", "hanbit-manager-2026", "unit_manager", "복지정책국", False),
    ("welfare_staff", "hanbit-staff-2026", "unit_staff", "복지정책국", False),
    ("committee", "hanbit-committee-2026", "committee_member", None, False),
]

# The unit whose own people (welfare_staff, welfare_head) enter and approve its actuals;
# the evaluation officer acts for the other units and for past years.
ACCOUNT_UNIT = "복지정책국"
CURRENT_YEAR = 2026  # the sample's "now": 2025 is closed, 2026 is being collected

# unit -> (goal code, goal, [(policy code, policy goal, [indicators])], programs)
# programs: (name, budget, previous budget, settlement, previous settlement) in 원
PLAN_2025: dict[str, object] = {
    "기획조정실": (
        "I",
        "데이터 기반 성과관리로 시정 신뢰 제고",
        [
            (
                "I-1",
                "성과관리 체계 고도화",
                [
                    Ind(
                        "성과지표 목표 달성률",
                        "%",
                        targets={2025: "85"},
                        actuals={2024: ("81.2", "approved"), 2025: ("88.4", "approved")},
                        source="성과관리시스템",
                    ),
                    Ind(
                        "재정사업 자율평가 우수 등급 사업 수",
                        "건",
                        targets={2025: "12"},
                        actuals={2024: ("10", "approved"), 2025: ("16", "approved")},
                    ),
                ],
            ),
            (
                "I-2",
                "예산 집행의 효율성 제고",
                [
                    Ind(
                        "예산 집행률",
                        "%",
                        targets={2025: Q("95%이상", "threshold_min", (("min", "95"),), "95")},
                        actuals={2024: ("93.1", "approved"), 2025: ("96.7", "approved")},
                    ),
                ],
            ),
        ],
        [
            ("성과관리 운영", 310_000_000, 295_000_000, 301_250_000, 288_400_000),
            ("재정 운용 지원", 1_250_000_000, 1_180_000_000, 1_199_870_000, 1_150_020_000),
        ],
    ),
    "시민소통담당관": (
        "II",
        "시민과 함께하는 열린 소통 시정",
        [
            (
                "II-1",
                "시민 참여 채널 확대",
                [
                    Ind(
                        "시민 제안 채택 건수",
                        "건",
                        targets={2025: "120"},
                        actuals={2024: ("101", "approved"), 2025: ("163", "approved")},
                    ),
                    Ind(
                        "민원 처리 지연율",
                        "%",
                        direction="lower",
                        targets={2025: "3.0"},
                        actuals={2024: ("4.1", "approved"), 2025: ("2.7", "approved")},
                    ),
                ],
            ),
        ],
        [("시민 소통 활성화", 820_000_000, 760_000_000, 801_330_000, 742_100_000)],
    ),
    "복지정책국": (
        "III",
        "촘촘한 복지 안전망으로 모두가 누리는 복지",
        [
            (
                "III-1",
                "취약계층 발굴과 맞춤 지원",
                [
                    Ind(
                        "위기가구 발굴 건수 (누계)",
                        "건 (누계)",
                        cumulative=True,
                        composite_parts=("연간", "누계"),
                        targets={
                            2025: Q(
                                "450(1,650)",
                                "composite",
                                (("연간", "450"), ("누계", "1650")),
                                "450",
                            )
                        },
                        actuals={
                            2024: (
                                Q(
                                    "400(1,200)",
                                    "composite",
                                    (("연간", "400"), ("누계", "1200")),
                                    "400",
                                ),
                                "approved",
                            ),
                            2025: (
                                Q(
                                    "512(1,712)",
                                    "composite",
                                    (("연간", "512"), ("누계", "1712")),
                                    "512",
                                ),
                                "approved",
                            ),
                        },
                    ),
                    Ind(
                        "복지서비스 이용 만족도",
                        "점",
                        targets={2025: "80"},
                        actuals={2024: ("78.5", "approved"), 2025: ("79.1", "approved")},
                    ),
                ],
            ),
            (
                "III-2",
                "돌봄 공백 없는 지역사회",
                [
                    Ind(
                        "공공 돌봄시설 확충 (누적)",
                        "개소 (누적)",
                        cumulative=True,
                        targets={2025: "24"},
                        actuals={2024: ("19", "approved"), 2025: ("31", "approved")},
                    ),
                ],
            ),
        ],
        [
            ("기초생활 보장", 48_200_000_000, 46_900_000_000, 47_950_210_000, 46_512_000_000),
            ("돌봄 인프라 확충", 6_400_000_000, 5_100_000_000, 6_120_450_000, 4_987_000_000),
        ],
    ),
    "환경녹지국": (
        "IV",
        "맑은 공기와 푸른 녹지의 지속가능한 도시",
        [
            (
                "IV-1",
                "대기질 개선",
                [
                    Ind(
                        "초미세먼지 연평균 농도",
                        "㎍/㎥",
                        direction="lower",
                        targets={2025: "18"},
                        actuals={2024: ("20", "approved"), 2025: ("19", "approved")},
                        source="대기환경정보",
                    ),
                    Ind(
                        "온실가스 배출량",
                        "천tCO2eq",
                        direction="lower",
                        targets={2025: Q("1%이상 감축", "relative_decrease", (("rate", "1"),))},
                        actuals={2024: ("2,480", "approved"), 2025: ("2,430", "approved")},
                    ),
                ],
            ),
            (
                "IV-2",
                "생활 속 녹지 확충",
                [
                    Ind(
                        "1인당 생활권 녹지 면적",
                        "㎡",
                        targets={2025: "9.5"},
                        actuals={2024: ("9.1", "approved"), 2025: ("9.6", "approved")},
                    ),
                ],
            ),
        ],
        [
            ("대기환경 개선", 9_800_000_000, 9_120_000_000, 9_512_300_000, 8_990_000_000),
            ("도시숲 조성", 4_300_000_000, 4_500_000_000, 4_012_900_000, 4_401_000_000),
        ],
    ),
    "교통건설국": (
        "V",
        "빠르고 안전한 생활 교통",
        [
            (
                "V-1",
                "대중교통 서비스 개선",
                [
                    Ind(
                        "시내버스 정시 운행률",
                        "%",
                        targets={2025: "92"},
                        actuals={2024: ("90.5", "approved"), 2025: ("91.2", "approved")},
                    ),
                    Ind(
                        "교통안전시설 정비 공정",
                        "단계",
                        direction="milestone",
                        measure="qualitative",
                        targets={2025: Q("공사착공", "milestone")},
                        actuals={2025: (Q("설계완료", "milestone"), "approved")},
                    ),
                ],
            ),
        ],
        [("대중교통 지원", 21_000_000_000, 20_400_000_000, 20_870_000_000, 20_100_000_000)],
    ),
    "안전총괄과": (
        "VI",
        "재난에 강한 안전도시",
        [
            (
                "VI-1",
                "재난 대응 역량 강화",
                [
                    Ind(
                        "재난안전 훈련 평가 등급",
                        "등급",
                        direction="qualitative",
                        measure="qualitative",
                        targets={2025: Q("우수이상", "grade")},
                        actuals={2025: (Q("우수", "grade"), "approved")},
                    ),
                    Ind(
                        "하천 수위 관리 편차",
                        "cm",
                        direction="band",
                        targets={2025: Q("±7", "band", (("tolerance", "7"),))},
                        actuals={2025: ("5", "approved")},
                    ),
                ],
            ),
        ],
        [("재난 예방", 2_700_000_000, 0, 2_650_000_000, 0)],
    ),
}

# 2026: the same city a year on. 환경녹지국 is now 기후환경국; new indicators with relative
# and baseline targets; actuals in every workflow status (it is mid-year).
PLAN_2026: dict[str, object] = {
    "기획조정실": (
        "I",
        "데이터 기반 성과관리로 시정 신뢰 제고",
        [
            (
                "I-1",
                "성과관리 체계 고도화",
                [
                    Ind(
                        "성과지표 목표 달성률",
                        "%",
                        targets={2026: "88"},
                        actuals={2026: ("86.0", "submitted")},
                    ),
                    Ind(
                        "성과정보 공개 만족도",
                        "점",
                        targets={2026: Q("기준점", "baseline")},
                        actuals={2026: ("71.3", "draft")},
                        definition="첫 측정 연도: 실적이 이후 목표의 기준점이 됨",
                    ),
                ],
            ),
        ],
        [("성과관리 운영", 325_000_000, 310_000_000, None, 301_250_000)],
    ),
    "시민소통담당관": (
        "II",
        "시민과 함께하는 열린 소통 시정",
        [
            (
                "II-1",
                "시민 참여 채널 확대",
                [
                    Ind(
                        "시민 제안 채택 건수",
                        "건",
                        targets={
                            2026: Q("전년대비 5% 증가", "relative_increase", (("rate", "5"),))
                        },
                        actuals={2026: ("140", "approved")},
                    ),
                    Ind(
                        "민원 처리 지연율",
                        "%",
                        direction="lower",
                        targets={2026: "2.5"},
                        actuals={2026: ("2.9", "rejected")},
                    ),
                ],
            ),
        ],
        [("시민 소통 활성화", 845_000_000, 820_000_000, None, 801_330_000)],
    ),
    "복지정책국": (
        "III",
        "촘촘한 복지 안전망으로 모두가 누리는 복지",
        [
            (
                "III-1",
                "취약계층 발굴과 맞춤 지원",
                [
                    Ind(
                        "위기가구 발굴 건수 (누계)",
                        "건 (누계)",
                        cumulative=True,
                        composite_parts=("연간", "누계"),
                        targets={
                            2026: Q(
                                "480(2,192)",
                                "composite",
                                (("연간", "480"), ("누계", "2192")),
                                "480",
                            )
                        },
                        actuals={
                            2026: (
                                Q(
                                    "230(1,942)",
                                    "composite",
                                    (("연간", "230"), ("누계", "1942")),
                                    "230",
                                ),
                                "submitted",
                            )
                        },
                    ),
                    Ind(
                        "복지서비스 이용 만족도",
                        "점",
                        targets={2026: Q("기준점 +0.5", "baseline_offset", (("offset", "0.5"),))},
                    ),
                ],
            ),
            (
                "III-2",
                "돌봄 공백 없는 지역사회",
                [
                    # returned by the unit's manager: staff see why, correct and resubmit
                    Ind(
                        "공공 돌봄시설 확충 (누적)",
                        "개소 (누적)",
                        cumulative=True,
                        targets={
                            2026: Q("전년대비 10% 증가", "relative_increase", (("rate", "10"),))
                        },
                        actuals={2026: ("33", "rejected")},
                    ),
                    Ind(
                        "긴급복지 지원 결정 기간",
                        "일",
                        direction="lower",
                        targets={2026: "5"},
                        actuals={2026: ("6.2", "draft")},
                    ),
                ],
            ),
        ],
        [("기초생활 보장", 50_100_000_000, 48_200_000_000, None, 47_950_210_000)],
    ),
    "기후환경국": (
        "IV",
        "탄소중립 실천으로 기후위기에 대응하는 도시",
        [
            (
                "IV-1",
                "대기질 개선",
                [
                    Ind(
                        "초미세먼지 연평균 농도",
                        "㎍/㎥",
                        direction="lower",
                        targets={2026: "17"},
                        actuals={2026: ("18", "draft")},
                    ),
                    Ind(
                        "온실가스 배출량",
                        "천tCO2eq",
                        direction="lower",
                        targets={2026: Q("1%이상 감축", "relative_decrease", (("rate", "1"),))},
                    ),
                ],
            ),
        ],
        [("대기환경 개선", 10_200_000_000, 9_800_000_000, None, 9_512_300_000)],
    ),
    "교통건설국": (
        "V",
        "빠르고 안전한 생활 교통",
        [
            (
                "V-1",
                "대중교통 서비스 개선",
                [
                    Ind(
                        "시내버스 정시 운행률",
                        "%",
                        targets={2026: Q("93점이상", "threshold_min", (("min", "93"),), "93")},
                        actuals={2026: ("92.2", "approved")},
                    ),
                ],
            )
        ],
        [("대중교통 지원", 21_600_000_000, 21_000_000_000, None, 20_870_000_000)],
    ),
    "안전총괄과": (
        "VI",
        "재난에 강한 안전도시",
        [
            (
                "VI-1",
                "재난 대응 역량 강화",
                [
                    Ind(
                        "안전사고 발생 건수",
                        "건",
                        direction="lower",
                        targets={2026: Q("3건이하", "threshold_max", (("max", "3"),), "3")},
                        actuals={2026: ("0", "approved")},
                    ),
                ],
            )
        ],
        [("재난 예방", 2_900_000_000, 2_700_000_000, None, 2_650_000_000)],
    ),
}

CITY_GOAL = ("시민이 체감하는 성과 행정", "시정 만족도", "75점")

# The cascade: goals and indicators of the 2026 BSC carry the city's goals, the strategic
# goals of the 2026 performance plan (named by code) and its indicators (named by name).
# 일하는 방식 혁신 and the other indicators carry none: the cascade page lists them.
BSC_CASCADE_GOALS = {"시정 신뢰 제고": "I", "성과 기반 시정 운영": "I"}
BSC_CASCADE_INDICATORS = {"성과지표 목표 달성률": "성과지표 목표 달성률"}

# 2026 BSC: 기획조정실 (unit) and its head 기획조정실장, perspectives with weights.
BSC_2026 = {
    ("기획조정실", "unit"): {
        "perspectives": [("시민고객", "20"), ("정책성과", "60"), ("내부역량", "20")],
        "goals": [
            (
                "시민고객",
                "시정 신뢰 제고",
                [
                    Ind(
                        "시정 만족도",
                        "점",
                        weight="20",
                        targets={2026: "75"},
                        actuals={2025: ("72.8", "approved")},
                        parent=CITY_GOAL,
                        program_codes="기조-1",
                        source="시민 설문(외부기관)",
                        due_month=12,
                    ),
                ],
            ),
            (
                "정책성과",
                "성과 기반 시정 운영",
                [
                    Ind(
                        "성과지표 목표 달성률",
                        "%",
                        weight="30",
                        targets={2026: "88"},
                        actuals={2025: ("88.4", "approved")},
                        parent=("성과 중심 시정", "성과지표 달성률", "85%"),
                        program_codes="기조-2, 3",
                    ),
                    Ind(
                        "재정사업 평가 우수 비율",
                        "%",
                        weight="20",
                        targets={2026: "40"},
                        actuals={2025: ("37.5", "approved")},
                        program_codes="기조-4",
                    ),
                    Ind(
                        "성과보고서 법정기한 제출",
                        "단계",
                        weight="10",
                        direction="milestone",
                        measure="qualitative",
                        targets={2026: Q("기한내 제출", "milestone")},
                    ),
                ],
            ),
            (
                "내부역량",
                "일하는 방식 혁신",
                [
                    Ind(
                        "1인당 교육시간",
                        "시간",
                        weight="10",
                        targets={2026: "40"},
                        actuals={2025: ("42", "approved")},
                    ),
                    Ind(
                        "공무원 청렴도",
                        "점",
                        weight="10",
                        targets={2026: "8.5"},
                        actuals={2025: ("8.31", "approved")},
                        source="국민권익위원회",
                        due_month=12,
                    ),
                ],
            ),
        ],
    },
    ("기획조정실", "head"): {
        "perspectives": [("시민고객", "20"), ("정책성과", "60"), ("내부역량", "20")],
        "goals": [
            (
                "시민고객",
                "시정 신뢰 제고",
                [Ind("시정 만족도", "점", weight="20", targets={2026: "75"}, parent=CITY_GOAL)],
            ),
            (
                "정책성과",
                "성과 기반 시정 운영",
                [
                    Ind(
                        "핵심사업 정상 추진률",
                        "%",
                        weight="60",
                        targets={2026: "90"},
                        actuals={2025: ("87", "approved")},
                    ),
                ],
            ),
            (
                "내부역량",
                "일하는 방식 혁신",
                [Ind("공무원 청렴도", "점", weight="20", targets={2026: "8.5"})],
            ),
        ],
    },
}
