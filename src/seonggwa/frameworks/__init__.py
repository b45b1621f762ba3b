"""Indicator frameworks beyond the plan (domain.md §4.7, §7.6): the hierarchy above the
indicators of a plan of a framework kind — for the sustainability evaluation: fields,
goals, strategies, tasks and projects, the core indicators' keywords and 달성도, the
implementation plan's count tables and grading criteria. The indicators themselves are
``plans.Indicator`` rows of the framework's plan, so the entry workflow, the evaluation run
and the reports serve them as they serve any plan."""
