# 安装并启动绩效复核台（默认打开内置示例报告）。 Installs everything and opens the app.
$ErrorActionPreference = "Stop"
. (Join-Path $PSScriptRoot "setup.ps1")
Set-Location $Root
$Target = if ($args.Count -gt 0) { $args } else { @(& $Python -c "import main; print(main.example_report())") }
& $Python main.py @Target
exit $LASTEXITCODE
