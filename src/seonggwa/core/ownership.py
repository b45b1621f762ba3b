"""The one registry of what an organisation owns: every model whose rows belong to one
organisation, how to reach that organisation from a row, and whether changes are audited.

The admin scopes its lists and form choices with it, ``seonggwa dump`` / ``restore`` walk it
(in this order: a model comes after the models its plain foreign keys point to), and the
audit trail records the models marked ``audited`` with the organisation found along
``path``. Models are named by label, so this module imports no app.

>>> owned("plans.Indicator").lookup_id
'plan__organisation_id'
>>> owned("results.IndicatorValue").attribute_path
('indicator', 'plan', 'organisation_id')
>>> owned("organisations.Organisation").lookup_id
'id'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ORGANISATION_OWNED", "OwnedModel", "audited_labels", "owned"]


@dataclass(frozen=True, slots=True)
class OwnedModel:
    label: str  # "plans.Indicator"
    path: str  # Django lookup from the model to its Organisation ("" for Organisation)
    audited: bool = True  # every create/update/delete is an AuditEvent
    organisation_field: str = ""  # a plain integer field naming the organisation, if any

    @property
    def lookup_id(self) -> str:
        """Lookup of the organisation id: ``plan__organisation_id`` (``id`` for Organisation)."""
        if self.organisation_field:
            return self.organisation_field
        return f"{self.path}_id" if self.path else "id"

    @property
    def lookup(self) -> str:
        """Lookup that takes an Organisation: ``plan__organisation`` (``pk`` for Organisation)."""
        if self.organisation_field:
            return self.organisation_field
        return self.path or "pk"

    @property
    def attribute_path(self) -> tuple[str, ...]:
        """Attributes to follow from a row to its organisation id."""
        return tuple(self.lookup_id.split("__"))


ORGANISATION_OWNED: tuple[OwnedModel, ...] = (
    OwnedModel("organisations.Organisation", ""),
    OwnedModel("organisations.OrgUnit", "organisation"),
    OwnedModel("organisations.PlanOwner", "unit__organisation"),
    OwnedModel("sources.SourceDocument", "organisation"),
    OwnedModel("plans.Plan", "organisation"),
    OwnedModel("plans.Period", "plan__organisation"),
    OwnedModel("plans.Perspective", "plan__organisation"),
    OwnedModel("plans.StrategicGoal", "plan__organisation"),
    OwnedModel("plans.PolicyGoal", "plan__organisation"),
    OwnedModel("plans.ProgramCode", "plan__organisation"),
    OwnedModel("plans.Indicator", "plan__organisation"),
    OwnedModel("plans.BudgetProgram", "plan__organisation"),
    OwnedModel("results.IndicatorValue", "indicator__plan__organisation"),
    OwnedModel("results.Evidence", "value__indicator__plan__organisation"),
    OwnedModel("planning.PlanningRound", "organisation"),
    OwnedModel("planning.UnitDraft", "round__organisation"),
    OwnedModel("planning.ReviewComment", "draft__round__organisation"),
    OwnedModel("planning.RoundReviewer", "round__organisation"),
    OwnedModel("planning.PlanVersion", "plan__organisation"),
    OwnedModel("planning.ChangeRequest", "plan__organisation"),
    OwnedModel("evaluation.EvaluationRun", "plan__organisation"),
    # a run's stored results are written once, in bulk, with the run (its start is audited)
    OwnedModel("evaluation.IndicatorResult", "run__plan__organisation", audited=False),
    OwnedModel("evaluation.OwnerResult", "run__plan__organisation", audited=False),
    OwnedModel("evaluation.CommitteeRound", "plan__organisation"),
    OwnedModel("evaluation.CommitteeMember", "round__plan__organisation"),
    OwnedModel("evaluation.CommitteeScore", "round__plan__organisation"),
    OwnedModel("evaluation.GradeOverride", "plan__organisation"),
    OwnedModel("evaluation.Objection", "run__plan__organisation"),
    OwnedModel("evaluation.ObjectionEvidence", "objection__run__plan__organisation"),
    OwnedModel("consignment.ConsignedService", "organisation"),
    OwnedModel("consignment.EvaluationYear", "organisation"),
    OwnedModel("consignment.EvaluationRound", "evaluation_year__organisation"),
    OwnedModel("consignment.ServiceScore", "service__organisation"),
    OwnedModel("consignment.ContractEvent", "service__organisation"),
    OwnedModel("risks.RiskMonth", "organisation"),
    OwnedModel("risks.RiskIssue", "month__organisation"),
    OwnedModel("risks.PressItem", "issue__month__organisation"),
    OwnedModel("projects.Project", "plan__organisation"),
    OwnedModel("reviews.Review", "organisation"),
    OwnedModel("reviews.ReviewRound", "review__organisation"),
    OwnedModel("reviews.ReviewFinding", "round__review__organisation"),
    OwnedModel("reviews.Recommendation", "round__review__organisation"),
    OwnedModel("reviews.FollowUp", "recommendation__round__review__organisation"),
    OwnedModel("reviews.FollowUpEvidence", "followup__recommendation__round__review__organisation"),
    OwnedModel("council.WrittenQuestion", "organisation"),
    OwnedModel("council.QuestionItem", "question__organisation"),
    OwnedModel("council.AnswerAttachment", "item__question__organisation"),
    # the frameworks (sustainability, joint evaluation): written by their imports in bulk (one
    # summarising event each) and changed through services that record their own events
    # the office changes its settings on a page (cycle, committee): each change audited (the
    # import is muted)
    OwnedModel("frameworks.SustainabilityFramework", "plan__organisation"),
    OwnedModel("frameworks.Field", "framework__plan__organisation", audited=False),
    OwnedModel("frameworks.Strategy", "field__framework__plan__organisation", audited=False),
    OwnedModel("frameworks.Task", "strategy__field__framework__plan__organisation", audited=False),
    OwnedModel(
        "frameworks.Project", "task__strategy__field__framework__plan__organisation", audited=False
    ),
    OwnedModel("frameworks.FrameworkIndicator", "indicator__plan__organisation", audited=False),
    OwnedModel("frameworks.GradingCriterion", "framework__plan__organisation", audited=False),
    # the committee's review is recorded on a page, one audited change at a time
    OwnedModel("frameworks.SustainabilityReview", "framework__plan__organisation"),
    OwnedModel("frameworks.JointEvaluation", "plan__organisation", audited=False),
    OwnedModel("frameworks.NationalGoal", "evaluation__plan__organisation", audited=False),
    OwnedModel("frameworks.Region", "evaluation__plan__organisation", audited=False),
    OwnedModel("frameworks.JointIndicator", "indicator__plan__organisation", audited=False),
    OwnedModel("frameworks.RegionResult", "region__evaluation__plan__organisation", audited=False),
    OwnedModel("frameworks.PrintedResult", "evaluation__plan__organisation", audited=False),
    # the office edits these on the joint page: every change audited (the import is muted)
    OwnedModel("frameworks.TimelineStep", "evaluation__plan__organisation"),
    OwnedModel("frameworks.BestCase", "evaluation__plan__organisation"),
    OwnedModel("sources.DeclaredFigure", "plan__organisation", audited=False),
    # written in bulk by import and check (one summarising event each); any later edit or
    # delete of one finding is audited
    OwnedModel("sources.StoredFinding", "plan__organisation"),
    OwnedModel("accounts.RoleAssignment", "organisation"),
    OwnedModel("accounts.Delegation", "organisation"),
    OwnedModel(
        "notifications.Notification", "", audited=False, organisation_field="organisation_id_ref"
    ),
    OwnedModel("audit.AuditEvent", "", audited=False, organisation_field="organisation_id_ref"),
)

_BY_LABEL = {m.label: m for m in ORGANISATION_OWNED}


def owned(label: str) -> OwnedModel:
    """The registry entry of a model label; ``KeyError`` for a model no organisation owns."""
    return _BY_LABEL[label]


def audited_labels() -> frozenset[str]:
    return frozenset(m.label for m in ORGANISATION_OWNED if m.audited)
