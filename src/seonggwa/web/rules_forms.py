"""Forms of the evaluation rules pages: the plan's (grading scheme and version, score steps,
default cap) and an indicator's (stages, grade scores, cap, evaluated part, not rated).
Labelled percents are typed one per line as ``label = percent``; the rules are the
services' (``plans.services.plan_rules_update`` / ``indicator_rules_update``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seonggwa.engine.grading import REGISTRY, GradingScheme

from .office_forms import NamedErrorsMixin, VersionField


class RowsField(forms.CharField):
    """Lines of ``label = number``; cleaned to [(label, number text), …]."""

    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)
        self.widget.attrs.update({"rows": 5})

    def to_python(self, value: Any) -> list[tuple[str, str]]:  # type: ignore[override]
        rows: list[tuple[str, str]] = []
        for n, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, number = line.rpartition("=")
            if not sep or not label.strip() or not number.strip():
                raise forms.ValidationError(
                    gettext("Line %(line)s: write it as 'label = number' (e.g. 착공 = 30).")
                    % {"line": n}
                )
            rows.append((label.strip(), number.strip()))
        return rows

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(f"{label} = {number}" for label, number in value)
        return value


def rows_text(rows: Any) -> str:
    """Stored [[label, percent], …] as the lines the form shows."""
    return "\n".join(f"{r[0]} = {r[1]}" for r in rows or () if len(r) == 2)


def _version_choices() -> list[tuple[str, str]]:
    choices = [("", gettext("the version in force on 1 January of the plan's year"))]
    for name in REGISTRY.names():
        for s in REGISTRY.versions(name):
            choices.append(
                (
                    f"{name}:{s.version}",
                    gettext("%(name)s version %(version)s (from %(date)s)")
                    % {"name": name, "version": s.version, "date": s.effective_from.isoformat()},
                )
            )
    return choices


class PlanRulesForm(NamedErrorsMixin, forms.Form):
    grading_scheme = forms.ChoiceField(label=_("grading scheme"), required=False)
    grading_scheme_version = forms.ChoiceField(
        label=_("grading scheme version"),
        required=False,
        help_text=_("A version of another scheme is refused; leave empty to follow the year."),
    )
    score_steps = RowsField(
        label=_("score steps"),
        help_text=_(
            "One per line: minimum achievement rate = score, e.g. 130 = 100, 100 = 90, 0 = 50. "
            "Empty: the score is the rate, capped at 100."
        ),
    )
    default_cap = forms.DecimalField(
        label=_("default cap on the achievement rate (%)"),
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text=_("Applies to every indicator that names no cap of its own. Empty: no cap."),
    )
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grading_scheme"].choices = [
            ("", gettext("performance_report (default)")),
            *[(n, n) for n in REGISTRY.names()],
        ]
        self.fields["grading_scheme_version"].choices = _version_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("grading_scheme_version") or ""
        data["version_number"] = None
        if chosen:
            name, _sep, number = chosen.partition(":")
            if name != (data.get("grading_scheme") or "performance_report"):
                self.add_error(
                    "grading_scheme_version",
                    gettext("The version chosen belongs to %(name)s, not the chosen scheme.")
                    % {"name": name},
                )
            else:
                data["version_number"] = int(number)
        return data


class IndicatorRulesForm(NamedErrorsMixin, forms.Form):
    milestone_stages = RowsField(
        label=_("milestone stages"),
        help_text=_("For milestone indicators. One per line: stage = percent, e.g. 착공 = 30."),
    )
    grade_scores = RowsField(
        label=_("grade scores"),
        help_text=_("For qualitative indicators. One per line: grade = percent, e.g. 우수 = 100."),
    )
    cap = forms.DecimalField(
        label=_("cap on the achievement rate (%)"),
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text=_("Empty: the plan's default cap."),
    )
    evaluated_part = forms.CharField(
        label=_("evaluated part"),
        required=False,
        max_length=50,
        help_text=_(
            "For composite values such as 21(22): the part's name (누계) or position (a, b)."
        ),
    )
    not_rated = forms.BooleanField(label=_("not rated this year"), required=False)
    not_rated_bucket = forms.ChoiceField(label=_("count not rated as"), required=False)
    version = VersionField()

    def __init__(self, *args: Any, scheme: GradingScheme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bands = scheme.bands if scheme is not None else ()
        self.fields["not_rated_bucket"].choices = [
            ("", gettext("kept apart (not rated)")),
            *[(b.code, f"{b.mark} {b.label}" if b.mark != b.label else b.label) for b in bands],
        ]
