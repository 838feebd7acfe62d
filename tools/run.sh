#!/usr/bin/env bash
# 安装并启动绩效复核台（默认打开内置示例报告）。没有图形显示时，改为无界面分析示例并说明结果位置。
# Installs everything, then opens the app on the bundled example (or FILE if given).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/tools/setup.sh"
cd "$ROOT"
if [ "$#" -eq 0 ]; then
  set -- "$(python -c 'import main; print(main.example_report())')"
fi
exec python main.py "$@"
