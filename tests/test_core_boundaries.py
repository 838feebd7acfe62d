"""The engine stays Qt-free and light: importing every core module loads no Qt and no heavy library."""

import json
import subprocess
import sys

from conftest import ROOT

PROBE = """
import importlib, json, pkgutil, sys
import core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
for name in names:
    importlib.import_module(name)
loaded = sorted({m.split(".")[0] for m in sys.modules})
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def _probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_core_imports_without_qt_or_gui():
    probe = _probe()
    assert "core.documents.model" in probe["modules"]
    assert "PySide6" not in probe["loaded"]
    assert "shiboken6" not in probe["loaded"]
    assert "gui" not in probe["loaded"]


def test_heavy_libraries_load_lazily():
    loaded = set(_probe()["loaded"])
    assert not loaded & {"pandas", "pdfplumber", "reportlab", "openpyxl", "docx", "xlrd"}


def test_core_source_never_names_qt():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "core").rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import gui", "from gui"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
