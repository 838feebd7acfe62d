#!/usr/bin/env bash
# Installs the Windows installer under Wine, silently and per user (/S), then runs the installed program:
# --version, analyze on the bundled example (the JSON compared with the same analysis on Linux), a batch
# in a worker process (informative: Wine's limits); checks the shortcuts, the .jxfh association, and uninstalls.
# Not part of the test suite (it installs Wine and takes minutes). The window itself needs real Windows:
# Qt needs ICU, which Wine lacks.
#   bash installer/wine_test.sh [dist/jixiao-fuhetai-<version>-win-amd64-setup.exe]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SETUP="${1:-$(ls -t dist/jixiao-fuhetai-*-win-amd64-setup.exe | head -n 1)}"
command -v wine >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine64 wine; }
export WINEPREFIX="${TMPDIR:-/tmp}/jixiao-wine-prefix"  # outside the checkout: its z: drive links to / WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
rm -rf "$WINEPREFIX" build/wine-out build/wine-prefix && mkdir -p build/wine-out
wineboot -i >/dev/null 2>&1 || true
fail() { echo "FAIL: $*" >&2; exit 1; }
# Under Wine, Python cannot set up its standard streams when one is a closed handle or a regular Unix file:
# give every Windows program /dev/null as input and one pipe for its output.
win() { wine "$@" < /dev/null 2>&1 | cat; return "${PIPESTATUS[0]}"; }
winfolder() { winepath -u "$(wine cmd /c "echo %$1%" < /dev/null 2>/dev/null | tr -d '\r')"; }

echo "== install (silent, per user): $SETUP ($(du -h "$SETUP" | cut -f1))"
win "$SETUP" /S
APPDATA_LOCAL="$(winfolder LOCALAPPDATA)"
INST="$APPDATA_LOCAL/Programs/绩效复核台"
[ -f "$INST/uninstall.exe" ] || fail "no uninstaller in $INST"
echo "installed in: $(winepath -w "$INST")"
CLI="$INST/bin/jixiao-fuhetai.exe"

echo "== --version"
VERSION_OUT="$(win "$CLI" --version | tr -d '\r' | tail -n 1)"  # Wine may first print its own notes
echo "$VERSION_OUT"
EXPECTED="$(python3 -c 'import core; print(core.APP_NAME, core.__version__)')"
[ "$VERSION_OUT" = "$EXPECTED" ] || fail "--version printed '$VERSION_OUT', expected '$EXPECTED'"

echo "== analyze the bundled example"
EXAMPLE="$(ls "$INST"/pkgs/resources/examples/*.pdf | head -n 1)"
win "$CLI" analyze "$(winepath -w "$EXAMPLE")" --json "$(winepath -w build/wine-out/example.json)"
source tools/setup.sh >/dev/null
python main.py analyze "$EXAMPLE" --json build/wine-out/example-linux.json
python - <<'PY'
import json
win = json.load(open("build/wine-out/example.json", encoding="utf-8"))
linux = json.load(open("build/wine-out/example-linux.json", encoding="utf-8"))
assert win["schema"] == "analysis/1", win["schema"]
assert win["claims"], "no claims read on Windows"
claim = win["claims"][0]
print(f"schema {win['schema']}; {len(win['claims'])} claims, first: {claim['name']} {claim['claimed_score']}/{claim['weight']}")
print(f"totals: claimed {win['totals']['claimed']}, reviewed {win['totals']['reviewed']}, "
      f"grade {win['totals']['grade_reviewed']}; findings {len(win['findings'])}")
for key in ("claims", "indicators", "totals", "findings", "meta"):
    assert win[key] == linux[key], f"{key} differs between Windows and Linux"
print("Windows JSON == Linux JSON for meta, claims, indicators, totals, findings")
PY

echo "== the analysis memory bound reads Windows' peak working set (core.process_memory)"
PEAK="$(win "$INST/Python/python.exe" -c "import sys; sys.path.insert(0, r'$(winepath -w "$INST/pkgs")'); \
from core.process_memory import peak_rss_kb; print(peak_rss_kb())" | tr -d '\r' | tail -n 1)"
[[ "$PEAK" =~ ^[0-9]+$ ]] && [ "$PEAK" -gt 1000 ] || fail "peak working set not read: '$PEAK'"
echo "peak working set: $PEAK KiB"

echo "== shortcuts and association"
ls "$(winfolder APPDATA)/Microsoft/Windows/Start Menu/Programs/绩效复核台.lnk" >/dev/null || fail "no Start-menu entry"
DESKTOP="$(winfolder USERPROFILE)/Desktop"
ls "$DESKTOP/绩效复核台.lnk" >/dev/null || fail "no desktop shortcut"
win reg query 'HKCU\Software\Classes\.jxfh' /ve | tr -d '\r' | grep -q JixiaoFuhetai.Review || fail ".jxfh not associated"
win reg query 'HKCU\Software\Classes\JixiaoFuhetai.Review\shell\open\command' /ve | tr -d '\r' | grep -i "pythonw.exe"
echo "Start-menu entry, desktop shortcut, .jxfh → JixiaoFuhetai.Review (HKCU): present"

# Informative only: under Wine 8 a batch analyses its first reports in the worker process and then stalls
# (results stop reaching the parent through Wine's pipes), and numpy, which pandas needs for the summary,
# calls ucrtbase crealf, which Wine 8 lacks. Real Windows is where `batch` must be checked.
echo "== batch in a worker process (spawn, as on Windows; informative under Wine)"
mkdir -p build/wine-out/season
cp "$EXAMPLE" build/wine-out/season/a.pdf
cp "$ROOT/../shared/samples/txt/"*.txt build/wine-out/season/
REPORTS="$(ls build/wine-out/season | wc -l)"
set +e
timeout 180 bash -c "$(declare -f win); win \"\$@\"" _ "$CLI" batch "$(winepath -w build/wine-out/season)" \
    --out "$(winepath -w build/wine-out/summary.xlsx)" --jobs 1 > build/wine-out/batch.log
BATCH_RC=$?
set -e
REVIEWS="$(find build/wine-out/summary_复核文件 -type f 2>/dev/null | wc -l)"
echo "batch exit status $BATCH_RC; review files written by the worker process: $REVIEWS of $REPORTS reports"
[ "$REVIEWS" -gt 0 ] || fail "no report analysed in a worker process"
grep -aq "ucrtbase.dll.crealf" build/wine-out/batch.log && echo "summary: numpy needs ucrtbase crealf, missing in $(wine --version)"
if [ "$BATCH_RC" = 0 ]; then echo "summary written: build/wine-out/summary.xlsx"; fi
wineserver -k || true  # a stalled pool must not keep the prefix busy for the uninstaller

echo "== uninstall (silent)"
win "$INST/uninstall.exe" /S
for _ in $(seq 60); do [ -e "$INST/pkgs" ] || break; sleep 1; done
[ ! -e "$INST/pkgs" ] || fail "uninstall left $INST/pkgs"
if win reg query 'HKCU\Software\Classes\.jxfh' /ve >/dev/null 2>&1; then fail "association left behind"; fi
echo "uninstalled: program folder and association removed"
echo "WINE TEST PASSED"
