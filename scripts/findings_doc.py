"""Write docs/findings.md from the catalogue of finding codes (seonggwa.engine.catalogue).

.venv/bin/python scripts/findings_doc.py          # rewrite the file
.venv/bin/python scripts/findings_doc.py --check  # exit 1 when it is out of date
"""

from __future__ import annotations

import sys
from pathlib import Path

from seonggwa.engine.catalogue import catalogue_markdown

TARGET = Path(__file__).resolve().parents[1] / "docs" / "findings.md"


def main() -> int:
    text = catalogue_markdown()
    if "--check" in sys.argv[1:]:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/findings_doc.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
