"""Pure calculation engine: no Django, no I/O, deterministic.

Selectors hand it plain data; it returns plain data whose computed cells explain
themselves (see :mod:`seonggwa.engine.cells`).

One module per concept: ``values`` (value grammar), ``targets`` (R12), ``periods`` (R11),
``achievement`` (R6), ``grading`` (R7, R8), ``scoring`` (R9, R10), ``summary`` (R1–R5, R13,
R15, R17) and ``bulk`` (the same rules on numpy arrays). See docs/engine.md.
"""
