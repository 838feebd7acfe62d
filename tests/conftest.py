"""Shared fixtures: the sample reports in ../shared/samples and offscreen Qt."""

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


def text_document(text: str):
    """A one-page txt Document holding `text`, for constructed cases."""
    from core.documents.model import Document, Page

    return Document("case.txt", "case.txt", "", "txt", text, [Page(1, 0, len(text))])


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
