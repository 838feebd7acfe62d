#!/usr/bin/env bash
# Shared set-up for tools/run.sh and tools/test.sh on Debian/Ubuntu: system libraries Qt needs
# (even offscreen), CJK fonts, then a virtual environment with the project installed.
# Usage: source tools/setup.sh [extras]   (extras: "test" for the test suite)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${JIXIAO_VENV:-$ROOT/.venv}"
EXTRAS="${1:-}"

SYSTEM_PACKAGES=(
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6
  fonts-noto-cjk xvfb xauth poppler-utils
)
# The test suite recalculates exported workbooks (tests/libreoffice.py) and renders the 自评表 injection
# test's PDFs from Word files with LibreOffice.
TEST_PACKAGES=(libreoffice-calc-nogui libreoffice-writer-nogui)
if [[ ",$EXTRAS," == *",test,"* ]]; then
  SYSTEM_PACKAGES+=("${TEST_PACKAGES[@]}")
fi

missing_packages() {
  local pkg
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian/Ubuntu: nothing we can do here
  local missing
  missing="$(missing_packages | tr '\n' ' ')"
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" = "0" ]; then
    echo ">> 安装系统依赖 / installing system packages: $missing"
    # Offscreen tests run without most of these, so a failed install warns instead of stopping here.
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
           apt-get install -y -qq --no-install-recommends $missing >/dev/null; }; then
      echo ">> 警告：系统依赖安装失败，界面或中文字体可能不可用 / warning: system packages could not be installed"
    fi
  else
    echo ">> 缺少系统依赖，请以管理员身份运行 / missing system packages, run:"
    echo "   sudo apt-get install -y $missing"
  fi
}

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.12 python3.11 python3.10 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "需要 Python 3.10 或更高版本 / Python >= 3.10 is required" >&2
  return 1
}

install_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    echo ">> 创建虚拟环境 / creating virtual environment: $VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  local spec="$ROOT"
  [ -n "$EXTRAS" ] && spec="$ROOT[$EXTRAS]"
  echo ">> 安装依赖 / installing the project and its dependencies"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e "$spec"
}

install_system_packages
install_venv
export PATH="$VENV/bin:$PATH"
