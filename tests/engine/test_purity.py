"""The engine imports nothing but the standard library, numpy and itself. (Its docstring
examples run with every other module's: pytest collects src/seonggwa with --doctest-modules.)"""

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "src" / "seonggwa" / "engine"
MODULES = sorted(p.stem for p in ENGINE.glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("name", MODULES)
def test_engine_imports_only_stdlib_numpy_and_itself(name):
    tree = ast.parse((ENGINE / f"{name}.py").read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert not roots & {"django", "psycopg", "dj_database_url"}
    assert roots <= {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "enum",
        "re",
        "typing",
        "numpy",
        "seonggwa",
    }
