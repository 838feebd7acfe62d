"""Recalculating a workbook with LibreOffice headless, to prove its formulas give the app's numbers.

LibreOffice may keep a file's cached values instead of recalculating on load (pitfalls.md), so it runs with
its own profile set to always recalculate OOXML and ODF files. Without LibreOffice the caller skips, except
under CI=true, where it fails: the check must not silently vanish from the build."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ALWAYS_RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
 <prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        message = "LibreOffice (soffice) is not installed: tools/setup.sh installs libreoffice-calc-nogui as root"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def recalculate(paths: list[Path], work: Path) -> dict[Path, Path]:
    """Each workbook opened, recalculated and saved again as xlsx by LibreOffice; original → copy."""
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    out = work / "recalculated"
    out.mkdir(exist_ok=True)
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=240)
    copies = {p: out / p.name for p in paths}
    missing = [p.name for p, copy in copies.items() if not copy.exists()]
    assert not missing, f"LibreOffice did not convert {missing}"
    return copies
