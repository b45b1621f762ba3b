"""Value stamps: a counter per indicator that the database raises whenever a value of the
indicator is inserted, changed or deleted (a trigger, so a bulk ``QuerySet.update()``, a
restore or a raw statement counts as well as a service). ``evaluation.read_state`` reads the
sum of a plan's stamps — a few hundred small rows — instead of aggregating every value of the
plan on each request. ``public`` counts only the changes the public can see some day:
targets, baselines and actuals approved (before or after the change).

The table is not a model: nothing but the triggers writes it and nothing but the state
reads it; a stamp of a deleted indicator is never read again."""

from django.db import migrations

PUBLIC_NEW = "(NEW.kind IN ('target', 'baseline') OR NEW.status = 'approved')"
PUBLIC_OLD = "(OLD.kind IN ('target', 'baseline') OR OLD.status = 'approved')"

TABLE = """CREATE TABLE results_valuestamp (
    indicator_id bigint PRIMARY KEY,
    total bigint NOT NULL DEFAULT 0,
    public bigint NOT NULL DEFAULT 0
)"""

_PG_ADD = """
    INSERT INTO results_valuestamp AS s (indicator_id, total, public)
    SELECT indicator_id, COUNT(*),
           SUM(CASE WHEN kind IN ('target', 'baseline') OR status = 'approved' THEN 1 ELSE 0 END)
    FROM ({rows}) AS changed GROUP BY indicator_id ORDER BY indicator_id
    ON CONFLICT (indicator_id) DO UPDATE
    SET total = s.total + EXCLUDED.total, public = s.public + EXCLUDED.public;"""
_NEW = "SELECT indicator_id, kind, status FROM new_rows"
_OLD = "SELECT indicator_id, kind, status FROM old_rows"

PG = [
    TABLE,
    f"""CREATE FUNCTION results_value_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {_PG_ADD.format(rows=_NEW)}
    ELSIF TG_OP = 'DELETE' THEN {_PG_ADD.format(rows=_OLD)}
    ELSE {_PG_ADD.format(rows=_NEW + " UNION ALL " + _OLD)}
    END IF;
    RETURN NULL;
END $$""",
    """CREATE TRIGGER results_value_stamp_insert AFTER INSERT ON results_indicatorvalue
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION results_value_stamp()""",
    """CREATE TRIGGER results_value_stamp_update AFTER UPDATE ON results_indicatorvalue
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION results_value_stamp()""",
    """CREATE TRIGGER results_value_stamp_delete AFTER DELETE ON results_indicatorvalue
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION results_value_stamp()""",
]
PG_REVERSE = [
    "DROP TRIGGER results_value_stamp_insert ON results_indicatorvalue",
    "DROP TRIGGER results_value_stamp_update ON results_indicatorvalue",
    "DROP TRIGGER results_value_stamp_delete ON results_indicatorvalue",
    "DROP FUNCTION results_value_stamp()",
    "DROP TABLE results_valuestamp",
]


def _sqlite_add(row: str, public: str) -> str:
    return (
        "INSERT INTO results_valuestamp (indicator_id, total, public) "
        f"VALUES ({row}.indicator_id, 1, CASE WHEN {public} THEN 1 ELSE 0 END) "
        "ON CONFLICT (indicator_id) DO UPDATE "
        "SET total = total + 1, public = public + excluded.public;"
    )


SQLITE = [
    TABLE,
    "CREATE TRIGGER results_value_stamp_insert AFTER INSERT ON results_indicatorvalue "
    f"BEGIN {_sqlite_add('NEW', PUBLIC_NEW)} END",
    "CREATE TRIGGER results_value_stamp_update AFTER UPDATE ON results_indicatorvalue "
    f"BEGIN {_sqlite_add('NEW', PUBLIC_NEW)} {_sqlite_add('OLD', PUBLIC_OLD)} END",
    "CREATE TRIGGER results_value_stamp_delete AFTER DELETE ON results_indicatorvalue "
    f"BEGIN {_sqlite_add('OLD', PUBLIC_OLD)} END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER results_value_stamp_insert",
    "DROP TRIGGER results_value_stamp_update",
    "DROP TRIGGER results_value_stamp_delete",
    "DROP TABLE results_valuestamp",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("results", "0003_value_entered_and_approved_for")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG, "sqlite": SQLITE}),
            _run({"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
