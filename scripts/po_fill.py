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


ENTRY = re.compile(r'msgid ((?:"(?:[^"\\\n]|\\.)*"\n)+)msgstr ""\n(?!")')


def joined(pieces: str) -> str:
    """The escaped text of a (possibly wrapped) PO string: '"a"\n"b"\n' -> 'ab'."""
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', pieces))


for pair in sys.argv[2:]:
    msgid, msgstr = (po_escape(part) for part in pair.split("=", 1))
    hits = [m for m in ENTRY.finditer(text) if joined(m.group(1)) == msgid]
    if len(hits) != 1:
        sys.exit(f"{path}: msgid {msgid!r} not found untranslated exactly once ({len(hits)})")
    m = hits[0]
    text = text[: m.start()] + f'msgid {m.group(1)}msgstr "{msgstr}"\n' + text[m.end() :]
path.write_text(text, encoding="utf-8")
