"""Fill msgstr of given msgids in a .po file: python scripts/po_fill.py FILE 'msgid=msgstr' ...

Both sides are plain text (the script escapes quotes, backslashes and newlines).

For adding a handful of translations without an editor; scripts/messages.sh then compiles.
"""

import re
import sys
from pathlib import Path

path = Path(sys.argv[1])
text = path.read_text(encoding="utf-8")


def po_escape(value: str) -> str:
    """Plain text -> the inside of a PO string literal."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


for pair in sys.argv[2:]:
    msgid, msgstr = (po_escape(part) for part in pair.split("=", 1))
    pattern = re.compile(r'(msgid "' + re.escape(msgid) + r'"\nmsgstr )""')
    text, n = pattern.subn(lambda m, s=msgstr: m.group(1) + '"' + s + '"', text)
    if n != 1:
        sys.exit(f"{path}: msgid {msgid!r} not found untranslated exactly once ({n})")
path.write_text(text, encoding="utf-8")
