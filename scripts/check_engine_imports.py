"""Fail when seonggwa.engine imports Django or any Django-backed part of seonggwa.

Checks statically (every import statement in engine/) and dynamically (importing every
engine module in a fresh interpreter must not load django).
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "src" / "seonggwa" / "engine"
ALLOWED_SEONGGWA = ("seonggwa.engine",)

problems: list[str] = []
for path in sorted(ENGINE.rglob("*.py")):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            names = ["<relative import leaving engine>"]
        for name in names:
            bad = name.split(".")[0] == "django" or (
                name.startswith("seonggwa") and not name.startswith(ALLOWED_SEONGGWA)
            )
            if bad or name.startswith("<"):
                problems.append(f"{path}:{node.lineno}: imports {name}")

modules = ["seonggwa.engine"] + [
    f"seonggwa.engine.{m.name}" for m in pkgutil.walk_packages([str(ENGINE)])
]
code = (
    "import importlib, sys\n"
    f"for m in {modules!r}: importlib.import_module(m)\n"
    "bad = sorted(k for k in sys.modules if k == 'django' or k.startswith('django.'))\n"
    "print(','.join(bad[:5]))\n"
)
out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
if out.returncode != 0:
    problems.append(f"importing the engine failed: {out.stderr.strip()[-500:]}")
elif out.stdout.strip():
    problems.append(f"importing the engine loaded Django: {out.stdout.strip()}")

if problems:
    print("seonggwa.engine must not depend on Django:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
print(f"engine import check: {len(modules)} modules, no Django")
