"""Reading documents in: one package per source format (``parse.py`` pure, ``validate.py``
the document's artefact checks), the rules on a plan's rows (``rules.py``), the tables every
road meets in (``tables.py``) and the loading services (``load.py``, ``check.py``) with
their reads (``selectors.py``). See docs/importing.md."""
