"""Scanned reports read by OCR against the gold, and what OCR costs next to the text-layer PDF of the same report.

    .venv/bin/python benchmarks/bench_ocr.py            # quality and cost, scans and their text-layer twins
    .venv/bin/python benchmarks/bench_ocr.py --forms    # the four 自评表 PDFs scanned (200 dpi, 0.6° skew)
    .venv/bin/python benchmarks/bench_ocr.py --dpi 150,200,300 --pages 1,4,5,8

Quality: tools/evaluate.py's scoring (claims P/R/F1, weight, score, meta, figures, gold errors caught, false
errors); `--forms` scores the 自评表 samples turned into skewed image-only PDFs against samples/forms/gold.
Cost: each load in a fresh process (so that peak memory is the load's own; Linux): seconds, seconds per
OCR'd page, peak RSS, and their ratio to loading the text-layer PDF. `--dpi` renders the scanned pages at each
resolution (the long side not capped) and compares the recognised characters with the text layer of the same
pages: similarity, numbers of the text layer not recognised, seconds per page.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.evaluate import GOLD, SAMPLES, Tally, run_findings, score_claims, score_figures, score_findings, score_meta  # noqa: E402

PAIRS = (  # (scan, text-layer twin, gold id)
    ("scanned/baojing-2019-dept-scanned.pdf", "pdf/baojing-2019-dept.pdf", "baojing-2019-dept"),
    ("scanned/wugang-2020-dept-mixed.pdf", "pdf/wugang-2020-dept.pdf", "wugang-2020-dept"),
)
_MEASURE = """
import json, sys, time
sys.path.insert(0, {root!r})
from core.documents import load
start = time.perf_counter()
document = load({path!r})
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux keeps the parent's ru_maxrss across fork and exec.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({{"seconds": seconds, "ocr_pages": document.ocr_pages, "rss_mb": peak_kb / 1024}}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _MEASURE.format(root=str(ROOT), path=str(path))],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def quality(path: Path, gold_id: str) -> dict:
    from core.documents import load
    from core.extraction import extract

    gold = json.loads((GOLD / f"{gold_id}.json").read_text(encoding="utf-8"))
    document = load(path)
    extraction = extract(document)
    tally = Tally()
    score_claims(gold, extraction, tally, path.name)
    score_meta(gold, extraction.meta, tally, path.name)
    score_figures(gold, extraction.figures, tally, path.name)
    score_findings(gold, run_findings(document, extraction) or [], tally, path.name)
    return {**tally.figures(), "misses": tally.misses}


def report_quality_and_cost(verbose: bool) -> None:
    columns = ("claims_precision", "claims_recall", "claims_f1", "weight_accuracy", "score_accuracy",
               "meta_accuracy", "figure_recall", "errors_caught", "false_errors")
    print(f"{'file':42}" + "".join(f"{c.split('_')[-1] if c != 'claims_f1' else 'F1':>10}" for c in columns))
    for scan, twin, gold_id in PAIRS:
        for relative in (twin, scan):
            row = quality(SAMPLES / relative, gold_id)
            print(f"{relative:42}" + "".join(f"{_cell(row[c]):>10}" for c in columns))
            if verbose:
                for miss in row["misses"]:
                    print("    ", miss)
    print(f"\n{'file':42}{'seconds':>10}{'s/page':>10}{'×text':>8}{'peak MB':>10}{'×text':>8}")
    for scan, twin, _ in PAIRS:
        text, scanned = measure(SAMPLES / twin), measure(SAMPLES / scan)
        per_page = (scanned["seconds"] - text["seconds"]) / max(1, len(scanned["ocr_pages"]))
        print(f"{twin:42}{text['seconds']:>10.2f}{'':>10}{'':>8}{text['rss_mb']:>10.0f}")
        print(f"{scan:42}{scanned['seconds']:>10.2f}{per_page:>10.2f}{scanned['seconds'] / text['seconds']:>8.1f}"
              f"{scanned['rss_mb']:>10.0f}{scanned['rss_mb'] / text['rss_mb']:>8.1f}")


def report_scanned_forms(verbose: bool) -> None:
    import tempfile

    sys.path.insert(0, str(ROOT / "tests"))
    from scan_pdfs import scanned_pdf
    from tools.evaluate import FORM_TABLES, META_FIELDS, GoldSet, evaluate_form

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pdf").mkdir()
        for source in sorted((FORM_TABLES / "pdf").glob("*.pdf")):
            (Path(folder) / "pdf" / source.name).write_bytes(scanned_pdf(source, dpi=200, skew_degrees=0.6))

        class Scans(GoldSet):
            def source(self, gold: dict, form: str) -> Path:
                return Path(folder) / form / f"{gold['id']}.{form}"

        scans = Scans("forms", ("pdf",), tuple(sorted((FORM_TABLES / "gold").glob("*.json"))))
        print(f"{'scanned 自评表':42}" + "".join(f"{c:>10}" for c in ("P", "R", "F1", "weight", "score", "meta")))
        for label, gold_set in (("text layer", GoldSet("forms", ("pdf",), scans.gold)), ("scanned", scans)):
            rows, total = evaluate_form(gold_set, "pdf", None)
            figures = total.figures()
            print(f"{label:42}" + "".join(f"{_cell(figures[c]):>10}" for c in (
                "claims_precision", "claims_recall", "claims_f1", "weight_accuracy", "score_accuracy",
                "meta_accuracy")) + f"   ({len(rows)} tables, {len(META_FIELDS)} meta fields each)")
            if verbose:
                for miss in total.misses:
                    print("    ", miss)


def report_resolutions(dpis: list[int], pages: list[int]) -> None:
    """Each resolution uncapped (rapidocr told to keep the image whole), then the app's own setting."""
    import pypdfium2 as pdfium
    from rapidocr_onnxruntime import RapidOCR

    from core.documents.ocr import MAX_SIDE_PIXELS, read_image
    from core.documents.pdf_ocr import OCR_DPI

    scan = pdfium.PdfDocument(str(SAMPLES / PAIRS[0][0]))
    text = pdfium.PdfDocument(str(SAMPLES / PAIRS[0][1]))
    engine = RapidOCR(max_side_len=10_000)

    def uncapped(page, dpi):
        result, _ = engine(page.render(scale=dpi / 72, grayscale=True).to_numpy())
        return "".join(item[1] for item in result or [])

    def app(page, _dpi):
        scale = min(OCR_DPI / 72, MAX_SIDE_PIXELS / max(page.get_size()))
        recognised = read_image(page.render(scale=scale, grayscale=True).to_numpy())
        return "".join(run.text for row in recognised.rows for run in row)

    print(f"{'setting':>36}{'similarity':>12}{'numbers lost':>14}{'s/page':>8}")
    settings = [(f"{dpi} dpi", dpi, uncapped) for dpi in dpis]
    settings.append((f"app: {OCR_DPI} dpi, long side <= {MAX_SIDE_PIXELS} px", OCR_DPI, app))
    for label, dpi, read in settings:
        similarity, lost, seconds = 0.0, 0, 0.0
        for number in pages:
            start = time.perf_counter()
            got = _plain(read(scan[number - 1], dpi))
            seconds += time.perf_counter() - start
            want = _plain(text[number - 1].get_textpage().get_text_range())
            similarity += difflib.SequenceMatcher(None, got, want, autojunk=False).ratio()
            lost += len(set(re.findall(r"\d+(?:\.\d+)?", want)) - set(re.findall(r"\d+(?:\.\d+)?", got)))
        print(f"{label:>36}{similarity / len(pages):>12.4f}{lost:>14}{seconds / len(pages):>8.2f}")


def _plain(text: str) -> str:
    """Without spaces and with half-width brackets and punctuation: OCR and the text layer differ there."""
    return re.sub(r"\s+", "", text).translate(str.maketrans("（）：，；", "():,;"))


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dpi", default="", help="compare these rendering resolutions instead")
    parser.add_argument("--pages", default="1,4,5,8", help="pages of the scanned baojing for --dpi")
    parser.add_argument("--forms", action="store_true", help="the 自评表 samples scanned, against their gold")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    if args.forms:
        report_scanned_forms(args.verbose)
    elif args.dpi:
        report_resolutions([int(d) for d in args.dpi.split(",")], [int(p) for p in args.pages.split(",")])
    else:
        report_quality_and_cost(args.verbose)


if __name__ == "__main__":
    main()
