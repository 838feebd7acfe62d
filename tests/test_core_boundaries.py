"""The engine stays Qt-free and light: importing every core module loads no Qt and no heavy library."""

import ast
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
    assert not loaded & {"pandas", "pdfplumber", "reportlab", "openpyxl", "docx", "xlrd", "rapidocr_onnxruntime", "onnxruntime",
                          "cv2"}


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


def _package_imports() -> dict[str, set[str]]:
    """core sub-package (or top module) → the other core sub-packages it imports, lazy imports included."""
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "core").rglob("*.py"):
        parts = path.relative_to(ROOT / "core").with_suffix("").parts
        if parts == ("__init__",):
            continue
        source = parts[0]
        targets = graph.setdefault(source, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            targets.update(n.split(".")[1] for n in names if n.startswith("core.") and n.split(".")[1] != source)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as a path (first package repeated at the end), or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return []
        for target in sorted(graph.get(node, ())):
            found = visit(target, path + [node])
            if found:
                return found
        done.add(node)
        return []

    return next((c for c in (visit(n, []) for n in sorted(graph)) if c), [])


def test_core_packages_import_each_other_without_cycles():
    graph = _package_imports()
    assert "rulebook" in graph["frameworks"] and "rulebook" in graph["scoring"]
    assert "scoring" not in graph["frameworks"]
    assert _cycle(graph) == []


def test_cycle_finder_sees_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_the_window_reaches_the_engine_only_through_the_session_and_analysis():
    """gui/ may read core's data types, but numbers, rule parameters and scores come via core.review."""
    offenders = [
        f"{path.relative_to(ROOT)}: {line.strip()}"
        for path in (ROOT / "gui").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("from core.extraction", "from core.scoring", "from core.rulebook",
                                    "import core.extraction", "import core.scoring", "import core.rulebook"))
        and ".model import" not in line  # the data types (Loc, Decision) are shared vocabulary
    ]
    assert offenders == []
