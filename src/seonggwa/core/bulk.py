"""Bulk inserts at load speed: ``COPY … FROM STDIN`` on PostgreSQL, ``bulk_create`` (or
``executemany``) elsewhere.

``bulk_create`` prepares every value of every row through the field's ``get_db_prep_save``
and sends one large ``INSERT``; for hundreds of thousands of rows that preparation costs more
than the database's work. COPY takes text rows: :func:`copy_text` writes each value in
COPY's text format by the field's kind, once per value, without the ORM's per-value
machinery. The national demo (``sample/demo.py``) and the evaluation run's stored results
(``evaluation/services.py``) load through here.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, JSONField, Model

# COPY's text format: backslash escapes for the characters that end a value or a row
_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
#: rows per COPY write (one string per chunk keeps the calls few)
CHUNK = 5000


def is_postgresql(using: str = DEFAULT_DB_ALIAS) -> bool:
    return bool(connections[using].vendor == "postgresql")


def _json(value: Any) -> str:
    """A JSON document, or one already prepared for the driver (psycopg's Jsonb)."""
    if value is None:
        return "\\N"
    document = value.obj if type(value).__name__ in ("Jsonb", "Json") else value
    return json.dumps(document, ensure_ascii=False).translate(_ESCAPE)


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):  # choices are str subclasses: their value, not their name
        return value.translate(_ESCAPE)
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, datetime.date):  # datetimes too: ISO 8601 with the offset
        return value.isoformat()
    return str(value).translate(_ESCAPE)


# the common types by exact type (one dictionary look-up per value); the rest by _text
_BY_TYPE: dict[type, Any] = {
    type(None): lambda v: "\\N",
    str: lambda v: v.translate(_ESCAPE),
    int: str,
    Decimal: str,
    bool: lambda v: "t" if v else "f",
    datetime.datetime: datetime.datetime.isoformat,
    datetime.date: datetime.date.isoformat,
}


def copy_text(rows: Iterable[Sequence[Any]], json_columns: Sequence[bool]) -> str:
    """Rows as COPY text: tab between values, a newline after each row, ``\\N`` for NULL;
    ``json_columns[i]`` says the i-th value is a JSON document (encoded, even a string)."""
    json_at = [i for i, is_json in enumerate(json_columns) if is_json]
    width = len(json_columns)
    by_type = _BY_TYPE.get
    lines = []
    for row in rows:
        if len(row) != width:
            raise ValueError(f"a row of {len(row)} values for {width} columns")
        cells = [by_type(type(v), _text)(v) for v in row]
        for i in json_at:
            cells[i] = _json(row[i])
        lines.append("\t".join(cells))
    lines.append("")
    return "\n".join(lines)


def copy_rows(
    model: type[Model],
    fields: Sequence[Field],  # type: ignore[type-arg]
    rows: Sequence[Sequence[Any]],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """COPY ``rows`` (Python values in the order of ``fields``) into ``model``'s table on
    PostgreSQL. Returns how many rows."""
    conn = connections[using]
    quote = conn.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    )
    json_columns = [isinstance(f, JSONField) for f in fields]
    with conn.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            with cursor.cursor.copy(sql) as copy:
                copy.write(copy_text(rows[start : start + CHUNK], json_columns))
    return len(rows)


def bulk_insert_rows(
    model: type[Model],
    rows: list[dict[str, Any]],
    *,
    batch_size: int = 2000,
    using: str = DEFAULT_DB_ALIAS,
) -> int:
    """Insert rows given as ``{attname: value}`` (``run_id``, not ``run``): COPY on
    PostgreSQL, without building a model object per row (a column a row leaves out gets the
    field's default, ``auto_now`` fields the time); ``bulk_create`` of model objects
    elsewhere. For many rows whose primary keys the caller does not need. Returns how many."""
    if not rows:
        return 0
    if not is_postgresql(using):
        model._default_manager.using(using).bulk_create(
            [model(**row) for row in rows], batch_size=batch_size
        )
        return len(rows)
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = [
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    ]
    pairs = [(f.attname, d) for f, d in zip(fields, defaults, strict=True)]
    return copy_rows(
        model, fields, [[row.get(a, d) for a, d in pairs] for row in rows], using=using
    )


def _allocate_ids(model: type[Model], n: int, using: str) -> list[int]:
    """n primary keys from the table's own sequence (identity column), in one query."""
    conn = connections[using]
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        return [r[0] for r in cursor.fetchall()]


def bulk_insert(
    model: type[Model],
    objs: list[Any],
    *,
    with_ids: bool = False,
    batch_size: int = 2000,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Any]:
    """Insert unsaved model objects in bulk: COPY on PostgreSQL (with ``with_ids``, their
    primary keys are drawn from the table's sequence first and set on the objects, as
    ``bulk_create`` sets them), ``bulk_create`` in batches elsewhere. ``auto_now`` /
    ``auto_now_add`` fields get the time as ``save`` would; other defaults come from the
    model's constructor. No signals are sent (as ``bulk_create``)."""
    if not objs:
        return objs
    if not is_postgresql(using):
        made: list[Any] = model._default_manager.using(using).bulk_create(
            objs, batch_size=batch_size
        )
        return made
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or with_ids]
    if with_ids:
        for obj, pk in zip(objs, _allocate_ids(model, len(objs), using), strict=True):
            obj.pk = pk
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    attnames = [f.attname for f in fields]
    rows = []
    for obj in objs:
        for f in stamped:
            f.pre_save(obj, True)
        obj._state.adding = False
        obj._state.db = using
        d = obj.__dict__
        rows.append([d[a] for a in attnames])
    copy_rows(model, fields, rows, using=using)
    return objs
