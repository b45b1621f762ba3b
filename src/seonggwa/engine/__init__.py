"""Pure calculation engine: no Django, no I/O, deterministic.

Selectors hand it plain data; it returns plain data whose computed cells explain
themselves (see :mod:`seonggwa.engine.cells`).

One module per concept: ``values`` (value grammar, the one number reader), ``targets``
(R12), ``periods`` (R11), ``achievement`` (R6), ``grading`` (R7, R8), ``scoring`` (R9,
R10), ``reconciliation`` (R1–R5), ``aggregation`` (R13, R15, R17), ``joint`` (R17, the
joint evaluation's 목표달성도), ``catalogue`` (every
finding code), ``text`` (the matching key) and ``bulk`` (the same rules on numpy arrays).
See docs/engine.md and docs/glossary.md.
"""
