#!/usr/bin/env bash
# 安装全部依赖并运行完整测试套件（Qt 测试以 offscreen 方式运行）。
# Installs everything, then runs the whole test suite; exits non-zero when any test fails.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tools/setup.sh" test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
echo ">> ruff check"
python -m ruff check .
exec python -m pytest -q -p no:cacheprovider "$@"
