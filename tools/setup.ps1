# Shared set-up for run.ps1 and test.ps1 on Windows 10 1809+ (Qt 6 needs it): a virtual
# environment with the project installed. Usage: . tools\setup.ps1 [-Extras test]
param([string]$Extras = "")
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
$Venv = if ($env:JIXIAO_VENV) { $env:JIXIAO_VENV } else { Join-Path $Root ".venv" }
$Python = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Python)) {
    Write-Host ">> 创建虚拟环境 / creating virtual environment: $Venv"
    if (Get-Command py -ErrorAction SilentlyContinue) { py -3 -m venv $Venv } else { python -m venv $Venv }
    if ($LASTEXITCODE -ne 0) { throw "需要 Python 3.10 或更高版本 / Python >= 3.10 is required" }
}
$Spec = if ($Extras) { "$Root[$Extras]" } else { "$Root" }
Write-Host ">> 安装依赖 / installing the project and its dependencies"
& $Python -m pip install -q --disable-pip-version-check -e $Spec
if ($LASTEXITCODE -ne 0) { throw "依赖安装失败 / pip install failed" }
