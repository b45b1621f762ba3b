"""Finding codes follow the catalogue (seonggwa.engine.catalogue): one naming scheme,
``area.name``. Stored findings are renamed; the declared figure key of 정책사업목표 counts is
``policy_goals``. The mapping is frozen here (a migration never imports app code)."""

from django.db import migrations

OLD_TO_NEW = {
    "BSCD_COMPOSITE_PART_MISSING": "bsc_detail.composite_part_missing",
    "BSCD_DUPLICATE_ROW": "bsc_detail.duplicate_row",
    "BSCD_HEADING_MISSING": "bsc_detail.heading_missing",
    "BSCD_ROW_SHIFTED": "bsc_detail.row_shifted",
    "BSCD_ROW_UNREADABLE": "bsc_detail.row_unreadable",
    "BSCD_TWO_TARGETS": "bsc_detail.two_targets",
    "BSCD_UNIT_NAME_MISMATCH": "indicator.unit_name_mismatch",
    "BSCD_WEIGHT_SUM": "weights.sum",
    "BSCD_WEIGHT_TOTAL": "weights.declared_total_differs",
    "BSCD_WEIGHT_TOTAL_BLANK": "weights.total_blank",
    "BSCD_WEIGHT_TOTAL_MISSING": "weights.total_missing",
    "BSC_CITY_TARGET_DIFFERS": "bsc.city_target_differs",
    "BSC_COPY_OF": "bsc.copy_of",
    "BSC_CUMULATIVE_BROKEN": "series.cumulative_broken",
    "BSC_DIRECTION_UNCLEAR": "indicator.direction_unclear",
    "BSC_DUPLICATE_CELL": "bsc.duplicate_cell",
    "BSC_DUPLICATE_ROW": "bsc.duplicate_row",
    "BSC_HEADER_ACTUAL_LABEL": "bsc.header_actual_label",
    "BSC_HEADER_PERSPECTIVE_LABEL": "bsc.header_perspective_label",
    "BSC_HEADER_PERSPECTIVE_MISSING": "bsc.header_perspective_missing",
    "BSC_HEADER_WORD_IN_CELL": "bsc.header_word_in_cell",
    "BSC_PARENT_ONLY_ROW": "bsc.parent_only_row",
    "BSC_PARENT_VALUE_MISMATCH": "bsc.parent_value_differs",
    "BSC_PARTIAL_COPY": "bsc.partial_copy",
    "BSC_PERSPECTIVE_DECLARED_SUM": "weights.perspective_declared_sum",
    "BSC_PERSPECTIVE_REDECLARED": "bsc.perspective_redeclared",
    "BSC_PERSPECTIVE_SUM": "weights.perspective_sum",
    "BSC_ROW_TRUNCATED": "weights.missing",
    "BSC_ROW_UNREADABLE": "bsc.row_unreadable",
    "BSC_SCALE_SWITCH": "bsc.scale_switch",
    "BSC_TITLE_MISSING": "bsc.title_missing",
    "BSC_TITLE_WORD_MISSING": "bsc.title_word_missing",
    "BSC_UNIT_NAME_MISMATCH": "indicator.unit_name_mismatch",
    "BSC_WEIGHT_SUM": "weights.sum",
    "detail.unit_name_mismatch": "indicator.unit_name_mismatch",
}


def _new_code(code, unit_label, details, message):
    if code == "summary.duplicate_row" and unit_label.strip() == "계":
        return "summary.total_row_repeated"
    if code == "detail.count_mismatch" and (details or {}).get("computed") == "0/0/0":
        return "detail.unit_without_rows"
    if code == "import.stored_differently" and "두 번 있어" in message:
        return "import.code_repeated"
    return OLD_TO_NEW.get(code, code)


def rename_forward(apps, schema_editor):
    StoredFinding = apps.get_model("sources", "StoredFinding")
    for f in StoredFinding.objects.all().iterator():
        code = _new_code(f.code, f.unit_label, f.details, f.message)
        if code != f.code:
            StoredFinding.objects.filter(pk=f.pk).update(code=code)
    DeclaredFigure = apps.get_model("sources", "DeclaredFigure")
    DeclaredFigure.objects.filter(key="program_goals").update(key="policy_goals")


def rename_backward(apps, schema_editor):
    # The old names of merged codes cannot be told apart; give each new code one old name.
    StoredFinding = apps.get_model("sources", "StoredFinding")
    back = {}
    for old, new in OLD_TO_NEW.items():
        back.setdefault(new, old)
    back.update(
        {
            "summary.total_row_repeated": "summary.duplicate_row",
            "detail.unit_without_rows": "detail.count_mismatch",
            "import.code_repeated": "import.stored_differently",
        }
    )
    for new, old in back.items():
        StoredFinding.objects.filter(code=new).update(code=old)
    DeclaredFigure = apps.get_model("sources", "DeclaredFigure")
    DeclaredFigure.objects.filter(key="policy_goals").update(key="program_goals")


class Migration(migrations.Migration):
    dependencies = [("sources", "0004_stored_finding")]

    operations = [migrations.RunPython(rename_forward, rename_backward)]
