#!/usr/bin/env bash
# Builds the one-folder Linux bundle and a tar.gz of it, then smoke-tests the built program offline.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tools/setup.sh"
python -m pip install -q --disable-pip-version-check "pyinstaller>=6.5,<7"
cd "$ROOT"
python -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller installer/jixiao.spec
VERSION="$(python -c 'import core; print(core.__version__)')"
APP="dist/jixiao-fuhetai"
"$APP/jixiao-fuhetai" --version
QT_QPA_PLATFORM=offscreen "$APP/jixiao-fuhetai" analyze "$(ls "$APP"/_internal/resources/examples/* | head -n 1)" --json dist/smoke.json
python -c "import json; d=json.load(open('dist/smoke.json', encoding='utf-8')); assert d['source']['format'] and d['indicators']"
tar -C dist -czf "dist/jixiao-fuhetai-$VERSION-linux-$(uname -m).tar.gz" jixiao-fuhetai
du -sh "$APP" "dist/jixiao-fuhetai-$VERSION-linux-$(uname -m).tar.gz"
