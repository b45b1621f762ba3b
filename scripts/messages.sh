#!/usr/bin/env bash
# Regenerate the translation catalogues from the code and compile them (see docs/i18n.md).
#
#   scripts/messages.sh          # update ko and en .po (keeping translations), compile .mo
#   scripts/messages.sh --check  # also fail when an entry is untranslated or fuzzy
#
# Korean first: UI labels are English msgids translated in ko/; messages written in Korean
# (service errors, CLI output) are Korean msgids translated in en/. Commit .po and .mo.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-seonggwa.config.settings.test}"
LOCALES=(ko en)

command -v msgfmt >/dev/null || { echo "GNU gettext (msgfmt, xgettext) is required: apt-get install gettext" >&2; exit 1; }

# makemessages scans the current directory: run it from the package, so only seonggwa's
# code and templates are read (never .venv) and the catalogues land in src/seonggwa/locale.
cd "$ROOT/src/seonggwa"
locale_args=()
for l in "${LOCALES[@]}"; do locale_args+=(--locale "$l"); done

"$PYTHON" -m django makemessages "${locale_args[@]}" --no-obsolete \
  --ignore 'migrations/*' --ignore 'static/*'
"$PYTHON" -m django compilemessages "${locale_args[@]}"

status=0
for l in "${LOCALES[@]}"; do
  po="locale/$l/LC_MESSAGES/django.po"
  # msgfmt --statistics: "N translated messages[, F fuzzy translations][, U untranslated messages]."
  stats="$(msgfmt --check --statistics -o /dev/null "$po" 2>&1)"
  echo "$l: $stats"
  if [[ "$stats" == *fuzzy* || "$stats" == *untranslated* ]]; then
    echo "  -> $po has fuzzy or untranslated entries: fill every msgstr, remove '#, fuzzy', run again." >&2
    status=1
  fi
done
if [[ "${1:-}" == "--check" ]]; then exit "$status"; fi
