"""Seed 003's written question (lines 1–40) answered from the imported registers: every
register of the seed imported with its own import service, the question and its items
registered from the seed's own text, tables attached to each answered item, and the pack written as one PDF and one
HWPX whose text holds every attached table's key figures."""

from __future__ import annotations

import datetime
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from seonggwa.council import services
from seonggwa.importers.consignment_load import consignment_import
from seonggwa.importers.joint.load import joint_import
from seonggwa.importers.joint.vps_load import vps_import
from seonggwa.importers.projects_load import projects_import
from seonggwa.importers.reviews_load import reviews_import
from seonggwa.importers.risks_load import risks_import
from seonggwa.importers.sustainability.load import sustainability_import
from seonggwa.reports.council_pack import available_kinds, council_pack
from seonggwa.reports.hwpx import hwpx_validate
from seonggwa.reports.render import report_render

SEED = Path(__file__).parents[1] / "fixtures" / "seeds" / "003_80f337656145150c.txt"
SHEET = "\n".join(
    ["시도,연번,달성여부"]
    + [f"서울,{n},달성" for n in (5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18)]
    + ["서울,19,미달성"]
)
pytestmark = pytest.mark.django_db

# the figures each attached table must carry into the pack
FIGURES = {
    "consignment": ["80.51", "80.54", "80.34"],
    "reviews": ["창의 어린이놀이터 조성사업 개선 검토"],
    "joint-evaluation": ["서울특별시", "92.3"],
    "risks": ["플랫폼 노동자 보호를 위한 선도적 정책 수립 필요", "풍수해 대비 市 대응 철저"],
    "sustainability": ["지속가능"],
}


@pytest.fixture
def officer(sample):  # type: ignore[no-untyped-def]
    return get_user_model().objects.get(username="officer")


@pytest.fixture
def question(sample, officer):  # type: ignore[no-untyped-def]
    text = SEED.read_text(encoding="utf-8")
    common = {"user": officer, "organisation_name": "한빛시", "path_or_text": text}
    consignment_import(**common)
    reviews_import(year=2020, **common)
    risks_import(year=2020, **common)
    projects_import(year=2020, **common)
    sustainability_import(year=2019, **common)
    joint = joint_import(year=2020, **common).plan
    vps_import(user=officer, plan=joint, path_or_bytes=SHEET.encode(), source_name="v.csv")

    q = services.question_from_text(
        user=officer,
        organisation=sample,
        text=text,
        year=2020,
        received=datetime.date(2020, 11, 20),
        deadline=datetime.date(2020, 12, 4),
        author_unit="평가담당관",
        author_names="담당사무관 이재화\n주무관 김윤정",
        author_phone="2133-6893",
    )
    made = {(i.number, i.sub_label): i for i in q.items.all()}
    for key in [(1, "가"), (2, "가"), (3, "가"), (3, "나")]:
        services.item_answer(user=officer, item=made[key], answer="붙임과 같이 제출합니다.")
    kinds = {(a.spec.key, a.year): a for a in available_kinds(sample)}
    attach = [
        ((1, "가"), "sustainability", 2019),
        ((2, "가"), "consignment", 2018),
        ((2, "가"), "consignment", 2019),
        ((2, "가"), "consignment", 2020),
        ((3, "가"), "reviews", 2020),
        ((3, "가"), "joint-evaluation", 2020),
        ((3, "가"), "projects", 2020),
        ((3, "나"), "risks", 2020),
    ]
    for key, kind, year in attach:
        assert (kind, year) in kinds, f"{kind} {year} not offered"
        services.attachment_add(
            user=officer,
            item=made[key],
            kind=kind,
            year=year,
            plan=kinds[(kind, year)].plan,
            label="별첨" if kind == "projects" else "붙임",
        )
    return q


def _project_amount(sample) -> str:  # type: ignore[no-untyped-def]
    """A project's 총사업비 as the table prints it (백만원, from the imported rows)."""
    from seonggwa.plans.models import Plan
    from seonggwa.reports.build import report_build

    plan = Plan.objects.get(organisation=sample, year=2020, kind="projects")
    table = report_build(plan, "projects").tables[0]
    numbers = [c.text for r in table.data_rows() for c in r.cells if c.is_number and c.text]
    return max(numbers, key=len)


def test_the_pack_holds_every_attached_table(sample, question) -> None:  # type: ignore[no-untyped-def]
    report = council_pack(question)
    keys = [t.key for t in report.tables]
    assert keys[:3] == ["council_cover", "council_answers", "council_author"]
    assert len(keys) > 8 and not any(k.endswith("findings") for k in keys)
    cover = [c.text for r in report.tables[0].rows for c in r.cells]
    assert "김혜련 의원(기획경제위원회)" in cover
    assert "별첨 7. 주요 역점사업 정기평가 결과 (2020년) 1부" in cover
    assert cover[-1] == "붙임 8. 시정 리스크 관리 운영현황 (2020년) 1부. 끝."
    answers = [[c.text for c in r.cells] for r in report.tables[1].rows]
    assert [a[0] for a in answers] == [
        "1. 평가 관련",
        "1-가",
        "1-나",
        "1-다",
        "2. 민간위탁, 관련 (답변서 직송)",
        "2-가 (답변서 직송)",
        "2-나 (답변서 직송)",
        "3. 2020 평가 추진계획 관련",
        "3-가",
        "3-나",
        "4. 시정 성과 및 창업허브 관련 (답변서 직송)",
        "4-가 (답변서 직송)",
        "4-나 (답변서 직송)",
    ]
    assert answers[2][2] == "(답변 작성 중)" and answers[9][2].startswith("붙임과 같이")

    figures = [f for values in FIGURES.values() for f in values] + [_project_amount(sample)]
    pdf = report_render(report, "pdf", charts=False)
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    flat = re.sub(r"\s+", "", text)
    for figure in figures:
        assert re.sub(r"\s+", "", figure) in flat, f"{figure} not in the PDF"

    data = report_render(report, "hwpx", charts=False)
    assert hwpx_validate(data) == []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = "".join(
            archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")
        )
    for figure in [*figures, "답변서 직송", "담당사무관", "이재화"]:
        assert figure in xml, f"{figure} not in the HWPX"


def test_the_command_writes_the_pack(question, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from seonggwa.cli import main

    out = tmp_path / "pack.hwpx"
    assert (
        main(
            ["council-pack", "--question", str(question.pk), "--format", "hwpx", "--out", str(out)]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"PK") and "김혜련 의원" in capsys.readouterr().out
    assert main(["council-pack", "--question", "999999", "--format", "pdf", "--out", str(out)]) == 1
