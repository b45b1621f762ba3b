"""Pure calculation engine: no Django, no I/O, deterministic.

Selectors hand it plain data; it returns plain data whose computed cells explain
themselves (see :mod:`seonggwa.engine.cells`).
"""
