"""Report builders: the data a selector read (:class:`~seonggwa.reports.selectors.ReportSource`)
-> the report model (:mod:`seonggwa.reports.model`), through the engine. No queries here.

One module per report kind — :mod:`.plan` (성과계획서 총괄·자원비중), :mod:`.report`
(성과보고서 총괄·재원비중), :mod:`.bsc`, :mod:`.indicator_cards`, :mod:`.result` — and the parts
several kinds share: :mod:`.cells` (cell constructors), :mod:`.units` (per-unit figures),
:mod:`.summary` (the 계 row), :mod:`.detail` (detail rows with shares), :mod:`.scheme`
(the plan's grading scheme), :mod:`.table_charts` (charts from tables) and :mod:`.findings`
(the validation appendix). Which kind uses which builder is :mod:`seonggwa.reports.kinds`.

Money is stored in 원 and shown in the report's unit: 백만원 for plans (each row rounded
half-up, as the official tables do) and exact 원 for reports. Totals and differences are
computed from the *displayed* row figures, so a table is internally consistent and its
spreadsheet formulas recalculate to the printed values (R1/R2 gaps of at most one per row
are therefore not reproduced).

These modules import no Django models at run time (only for type checking): the CLI reads
the table of kinds, and so imports them, before Django is set up.
"""
