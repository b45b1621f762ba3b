"""What each kind of notification says, in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

__all__ = ["notification_subject", "notification_text"]


def _texts() -> dict[str, tuple[str, str]]:
    return {
        "window_opened": (
            gettext("실적 입력 기간이 열렸습니다: %(plan)s %(period)s"),
            gettext(
                "%(plan)s %(period)s 실적을 %(opens)s부터 %(closes)s까지 입력할 수 있습니다. "
                "입력할 지표: %(count)s개."
            ),
        ),
        "deadline": (
            gettext("실적 입력 마감 %(days)s일 전: %(plan)s %(period)s"),
            gettext(
                "%(plan)s %(period)s 실적 입력이 %(closes)s에 마감됩니다. 아직 제출하지 않은 "
                "지표가 %(count)s개 있습니다."
            ),
        ),
        "submitted": (
            gettext("승인할 실적이 제출되었습니다: %(indicator)s"),
            gettext("%(by)s님이 %(indicator)s %(period)s 실적 '%(value)s'을(를) 제출했습니다."),
        ),
        "approved": (
            gettext("실적이 승인되었습니다: %(indicator)s"),
            gettext("%(by)s님이 %(indicator)s %(period)s 실적 '%(value)s'을(를) 승인했습니다."),
        ),
        "rejected": (
            gettext("실적이 반려되었습니다: %(indicator)s"),
            gettext(
                "%(by)s님이 %(indicator)s %(period)s 실적 '%(value)s'을(를) 반려했습니다. "
                "사유: %(reason)s"
            ),
        ),
        "reminder": (
            gettext("실적 입력을 확인해 주세요: %(plan)s %(period)s"),
            gettext(
                "평가담당관이 %(unit)s의 %(plan)s %(period)s 실적 입력을 요청했습니다. "
                "남은 지표: %(count)s개, 마감: %(closes)s."
            ),
        ),
        "plan_submitted": (
            gettext("부서 계획이 제출되었습니다: %(unit)s"),
            gettext("%(unit)s이(가) %(plan)s의 부서 계획을 제출했습니다. 검토해 주세요."),
        ),
        "plan_returned": (
            gettext("부서 계획이 돌아왔습니다: %(plan)s"),
            gettext("평가담당관이 %(unit)s의 %(plan)s 계획을 돌려보냈습니다. 요청: %(note)s"),
        ),
        "review_invited": (
            gettext("계획 검토에 초대되었습니다: %(plan)s"),
            gettext(
                "평가담당관이 %(plan)s 부서 계획의 검토를 부탁했습니다. 목표와 지표마다 의견을 남겨 주세요."
            ),
        ),
        "change_requested": (
            gettext("지표 변경 신청: %(indicator)s"),
            gettext("%(plan)s '%(indicator)s'의 %(field)s 변경 신청이 들어왔습니다."),
        ),
        "change_decided": (
            gettext("변경 신청이 %(status)s되었습니다: %(indicator)s"),
            gettext("'%(indicator)s'의 %(field)s 변경 신청이 %(status)s되었습니다. %(note)s"),
        ),
        "run_shared": (
            gettext("잠정 평가 결과가 공유되었습니다: %(plan)s %(period)s"),
            gettext(
                "평가담당관이 %(plan)s %(period)s 평가 %(run)s의 잠정 결과를 공유했습니다. "
                "결과에 이의가 있으면 %(until)s까지 이의신청하세요."
            ),
        ),
        "objection_raised": (
            gettext("이의신청이 들어왔습니다: %(indicator)s"),
            gettext("%(unit)s이(가) 평가 %(run)s의 '%(indicator)s' 결과에 이의를 신청했습니다."),
        ),
        "objection_decided": (
            gettext("이의신청이 %(status)s되었습니다: %(indicator)s"),
            gettext(
                "'%(indicator)s' 결과에 대한 이의신청이 %(status)s되었습니다. 사유: %(reason)s"
            ),
        ),
        "risk_assigned": (
            gettext("리스크 이슈를 맡았습니다: %(issue)s"),
            gettext("평가담당관이 %(month)s '%(issue)s'을(를) %(unit)s에 맡겼습니다."),
        ),
        "risk_escalated": (
            gettext("리스크 이슈 대응 요청: %(issue)s"),
            gettext(
                "평가담당관이 %(month)s '%(issue)s'을(를) %(unit)s에 넘겼습니다. "
                "심층 대안과 후속 조치를 부서대응으로 적어 주세요. %(note)s"
            ),
        ),
        "risk_responded": (
            gettext("리스크 이슈에 부서대응이 올라왔습니다: %(issue)s"),
            gettext("%(unit)s이(가) '%(issue)s'의 부서대응을 적었습니다. 확인하고 종결하세요."),
        ),
        "followup_due": (
            gettext("후속조치 기한이 다가옵니다: %(review)s"),
            gettext(
                "수시평가 '%(review)s'의 검토의견 '%(recommendation)s'에 대한 후속조치 기한은 "
                "%(due)s입니다. 조치 내용과 증빙을 입력해 주세요."
            ),
        ),
        "followup_overdue": (
            gettext("후속조치 기한이 지났습니다: %(review)s"),
            gettext(
                "수시평가 '%(review)s'의 검토의견 '%(recommendation)s'에 대한 후속조치 기한"
                "(%(due)s)이 지났습니다. 조치 내용과 증빙을 입력해 주세요."
            ),
        ),
        "followup_filed": (
            gettext("후속조치가 %(status)s되었습니다: %(review)s"),
            gettext(
                "%(unit)s이(가) 수시평가 '%(review)s'의 후속조치를 %(status)s(으)로 입력했습니다."
            ),
        ),
    }


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "-"


def notification_subject(kind: str, params: dict[str, Any]) -> str:
    return _texts()[kind][0] % _Missing(params)


def notification_text(kind: str, params: dict[str, Any]) -> str:
    return _texts()[kind][1] % _Missing(params)
