# 安装全部依赖并运行完整测试套件。 Installs everything and runs the whole test suite.
$ErrorActionPreference = "Stop"
. (Join-Path $PSScriptRoot "setup.ps1") -Extras test
Set-Location $Root
$env:QT_QPA_PLATFORM = "offscreen"
& $Python -m pytest -q -p no:cacheprovider @args
exit $LASTEXITCODE
