#!/usr/bin/env bash
# Install the Debian packages seonggwa needs, only those missing.
#   scripts/system-deps.sh run   fonts for Hangul PDFs and charts
#   scripts/system-deps.sh test  the above plus poppler-utils (pdftotext, pdffonts, pdftoppm),
#                                chromium for browser tests, gettext for translations,
#                                librsvg2-bin (rsvg-convert) for rendering HWPX to PDF in tests,
#                                slapd and ldap-utils (the tests' own OpenLDAP server) and what
#                                building python-ldap needs (libldap2-dev, libsasl2-dev, gcc,
#                                the Python headers)
set -euo pipefail
want=(fonts-nanum fonts-noto-cjk gettext)
if [ "${1:-run}" = "test" ]; then
  want+=(poppler-utils chromium librsvg2-bin slapd ldap-utils libldap2-dev libsasl2-dev)
  command -v gcc >/dev/null || want+=(gcc)
  # Debian's python3 keeps Python.h in python3-dev (pyenv/python.org builds have it)
  python3 -c "import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()['include'], 'Python.h'))" 2>/dev/null || want+=(python3-dev)
fi
missing=()
# Debian's python3 needs python3-venv for `python3 -m venv` (pyenv/python.org builds have it).
python3 -c "import ensurepip, venv" 2>/dev/null || want+=(python3-venv)
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "시스템 패키지 설치: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "root 권한이 필요합니다. 다음을 실행하세요: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fc-cache -f >/dev/null 2>&1 || true
