#!/usr/bin/env bash
# The README's main command: install what is missing, build, and run the
# seed scenario end to end. Writes its output under out/ (or $1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
if [ ! -f build/build.ninja ]; then meson setup build >/dev/null; fi
meson compile -C build >/dev/null
out=${1:-out}
mkdir -p "$out"
bin=build/cli/dossier
"$bin" --version
