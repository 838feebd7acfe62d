"""Shared fixtures: the sample reports in ../shared/samples and offscreen Qt."""

import json
import os
from functools import lru_cache
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
GOLD = SAMPLES / "gold"
REPORT_IDS = [
    "baojing-2019-dept",
    "wugang-2020-dept",
    "kaoping-20xx-project",
    "jianghua-20xx-dept",
    "bazhong-2022-dept",
    "wuhua-2019-project",
]
SCORESHEET_ID = "baojing-2019-scoresheet"
FORMS = ("txt", "docx", "pdf")
# The encoding each txt sample is published in (samples/README.md).
TXT_ENCODINGS = {
    "baojing-2019-dept": "utf-8",
    "wugang-2020-dept": "gb18030",
    "kaoping-20xx-project": "gb18030",
    "jianghua-20xx-dept": "utf-16",
    "bazhong-2022-dept": "utf-8-sig",
    "wuhua-2019-project": "utf-8",
    SCORESHEET_ID: "utf-8",
}


def sample(form: str, report_id: str) -> Path:
    return SAMPLES / form / f"{report_id}.{form}"


def gold(report_id: str) -> dict:
    """A sample's gold annotation (gold/README.md schema)."""
    return json.loads((GOLD / f"{report_id}.json").read_text(encoding="utf-8"))


def text_document(text: str, tables=()):
    """A one-page txt Document holding `text` (and `tables`), for constructed cases."""
    from core.documents.model import Document, Page

    return Document("case.txt", "case.txt", "", "txt", text, [Page(1, 0, len(text))], list(tables))


@lru_cache(maxsize=None)  # several tests read the same sample; extraction is deterministic
def extracted(form: str, report_id: str):
    """(Document, Extraction) of a sample."""
    from core.documents import load
    from core.extraction import extract

    document = load(sample(form, report_id))
    return document, extract(document)


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    if not SAMPLES.is_dir():
        pytest.fail(f"samples not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture
def answers(monkeypatch):
    """Scripted QMessageBox: `answers["question"]` is the reply to every question, `answers["choice"]` the
    button chosen in gui.dialogs.choose boxes (None: closed), the save prompt on close among them (its
    choices are gui.main_window.SAVE_CHOICES); `answers["passwords"]` the passwords typed one prompt
    after another (None once they run out: cancelled); calls are recorded."""
    from PySide6.QtWidgets import QMessageBox

    import gui.main_window
    import gui.open_flow
    from gui_window_helpers import ANSWERS

    record = {"question": QMessageBox.StandardButton.No, "choice": None, "passwords": [], "calls": []}

    def choose(_parent, title, text, choices):
        record["calls"].append(("choose", title, text))
        return record["choice"]

    def fake(kind):
        def show(*args, **kwargs):
            record["calls"].append((kind, args[1] if len(args) > 1 else "", args[2] if len(args) > 2 else ""))
            return record["question"] if kind == "question" else QMessageBox.StandardButton.Ok
        return staticmethod(show)

    def ask_password(_parent, name, wrong):
        record["calls"].append(("password", name, wrong))
        return record["passwords"].pop(0) if record["passwords"] else None

    for kind in ("question", "critical", "information", "warning"):
        monkeypatch.setattr(QMessageBox, kind, fake(kind))
    monkeypatch.setattr(gui.open_flow, "ask_password", ask_password)
    for module in (gui.open_flow, gui.main_window):
        monkeypatch.setattr(module, "choose", choose)
    ANSWERS["calls"] = record["calls"]
    return record


@pytest.fixture
def window(qtbot, tmp_path, answers):
    """A shown main window with its own settings file; no save prompt when it closes."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow

    win = MainWindow(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win.autosave_timer.stop()
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    yield win
    if win.session is not None:
        win.session.mark_saved()  # no save prompt on teardown
    win.close()
