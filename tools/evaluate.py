"""Score extraction and findings against the gold, per set and form, by gold/README's rules.

    .venv/bin/python tools/evaluate.py [--set dev|forms|web|all] [--forms txt,docx,pdf] [--ids a,b] [--json]

Sets: `dev` the narrative reports (samples/gold, forms txt/docx/pdf), `forms` the 自评表 (samples/forms/gold,
forms xlsx/docx/pdf/txt), `web` the 自评表 copied out of web pages (samples/forms/web/*.txt and their gold).

Claims: precision/recall/F1 after name matching (same normalised name, else containment of ≥3 characters),
then weight and score accuracy over matched pairs. Meta: unit, year, kind, claimed_total, claimed_grade.
Figures: recall by (label, value). Errors: gold arithmetic errors caught, and false findings (arithmetic
findings of severity error that match no gold error).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT.parent / "shared" / "samples"
GOLD = SAMPLES / "gold"
FORMS = ("txt", "docx", "pdf")
FORM_TABLES = SAMPLES / "forms"


@dataclass(frozen=True)
class GoldSet:
    """Gold files and where each one's source lies in a given form."""

    name: str
    forms: tuple[str, ...]
    gold: tuple[Path, ...]

    def source(self, gold: dict, form: str) -> Path:
        if self.name == "web":
            return FORM_TABLES / "web" / f"{gold['id']}.txt"
        base = FORM_TABLES if self.name == "forms" else SAMPLES
        return base / form / f"{gold['id']}.{form}"


SETS = {
    "dev": GoldSet("dev", FORMS, tuple(sorted(GOLD.glob("*.json")))),
    "forms": GoldSet("forms", ("xlsx", "docx", "pdf", "txt"), tuple(sorted((FORM_TABLES / "gold").glob("*.json")))),
    "web": GoldSet("web", ("web",), tuple(sorted((FORM_TABLES / "web").glob("*.gold.json")))),
}
META_FIELDS = ("unit", "year", "kind", "claimed_total", "claimed_grade")
# gold/README: every code except RULE_MISMATCH and MISSING_DETAIL is arithmetic; other finding codes
# (NO_TEXT_LAYER, NOT_A_REPORT …) are not about the report's numbers.
ARITHMETIC = ("EXPR_MISMATCH", "PARTS_SUM", "BUDGET_IDENTITY", "TABLE_SUM", "SUBTOTAL_MISMATCH", "WEIGHT_SUM",
              "SCORE_OVER_WEIGHT", "GRADE_MISMATCH", "FACT_CONTRADICTION", "FIGURE_CONFLICT")
NUMBERING_RE = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[、.．]|[①-⑳]|指标\d+[:：])")
BRACKET_WEIGHT_RE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")
QUOTE_CHARS_RE = re.compile(r"[\"'“”‘’「」『』\s]")
MIN_CONTAINED = 3
MIN_SHARED_QUOTE = 8


def norm_name(name: str) -> str:
    # full-width and half-width forms are one name: （PM2.5） as the table writes it, (PM2.5) as the app folds it
    name = QUOTE_CHARS_RE.sub("", unicodedata.normalize("NFKC", name))
    name = NUMBERING_RE.sub("", name)
    return BRACKET_WEIGHT_RE.sub("", name)


def same_number(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


@dataclass
class Tally:
    gold_claims: int = 0
    pred_claims: int = 0
    matched: int = 0
    weight_ok: int = 0
    score_ok: int = 0
    meta_total: int = 0
    meta_ok: int = 0
    gold_figures: int = 0
    figures_found: int = 0
    gold_errors: int = 0
    errors_caught: int = 0
    false_errors: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name in self.__dataclass_fields__:
            if name == "misses":
                self.misses += other.misses
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict:
        p = self.matched / self.pred_claims if self.pred_claims else 1.0
        r = self.matched / self.gold_claims if self.gold_claims else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "claims_precision": round(p, 4), "claims_recall": round(r, 4), "claims_f1": round(f1, 4),
            "weight_accuracy": round(self.weight_ok / self.matched, 4) if self.matched else 1.0,
            "score_accuracy": round(self.score_ok / self.matched, 4) if self.matched else 1.0,
            "meta_accuracy": round(self.meta_ok / self.meta_total, 4) if self.meta_total else 1.0,
            "figure_recall": round(self.figures_found / self.gold_figures, 4) if self.gold_figures else 1.0,
            "errors_caught": f"{self.errors_caught}/{self.gold_errors}",
            "false_errors": self.false_errors,
        }


def match_claims(gold: list[dict], predicted: list) -> list[tuple[dict, object]]:
    """Each gold claim to at most one predicted claim: same normalised name first, then containment."""
    free = list(predicted)
    pairs = []
    for exact in (True, False):
        for g in gold:
            if any(g is pg for pg, _ in pairs):
                continue
            gname = norm_name(g["name"])
            for p in free:
                pname = norm_name(p.name)
                hit = pname == gname if exact else (
                    min(len(pname), len(gname)) >= MIN_CONTAINED and (pname in gname or gname in pname))
                if hit:
                    pairs.append((g, p))
                    free.remove(p)
                    break
    return pairs


def score_claims(gold: dict, extraction, tally: Tally, label: str) -> None:
    pairs = match_claims(gold["claims"], extraction.claims)
    tally.gold_claims += len(gold["claims"])
    tally.pred_claims += len(extraction.claims)
    tally.matched += len(pairs)
    for g, p in pairs:
        tally.weight_ok += same_number(g["weight"], p.weight)
        tally.score_ok += same_number(g["claimed_score"], p.claimed_score)
        if not same_number(g["weight"], p.weight) or not same_number(g["claimed_score"], p.claimed_score):
            tally.misses.append(f"{label}: {g['name']} weight {g['weight']}/{p.weight} "
                                f"score {g['claimed_score']}/{p.claimed_score}")
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(p) for _, p in pairs}
    tally.misses += [f"{label}: missed claim {g['name']}" for g in gold["claims"] if id(g) not in matched_gold]
    tally.misses += [f"{label}: extra claim {p.name}" for p in extraction.claims if id(p) not in matched_pred]


def score_meta(gold: dict, meta, tally: Tally, label: str) -> None:
    for name in META_FIELDS:
        want, got = gold["meta"][name], getattr(meta, name)
        ok = same_number(want, got) if name in ("year", "claimed_total") else want == got
        tally.meta_total += 1
        tally.meta_ok += ok
        if not ok:
            tally.misses.append(f"{label}: meta {name} {want!r} != {got!r}")


def score_figures(gold: dict, figures: list, tally: Tally, label: str) -> None:
    tally.gold_figures += len(gold.get("figures", []))
    for g in gold.get("figures", []):
        if any(f.label == g["label"] and same_number(g["value"], f.value) for f in figures):
            tally.figures_found += 1
        else:
            tally.misses.append(f"{label}: missed figure {g['label']}={g['value']}")


def finding_text(finding) -> str:
    parts = [finding.about or "", finding.message or "", finding.stated or ""]
    parts += [loc.quote for loc in finding.locs]
    return "\n".join(parts)


def shares_quote(text: str, quote: str) -> bool:
    if not quote:
        return False
    need = min(MIN_SHARED_QUOTE, len(quote))
    m = SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(0, len(text), 0, len(quote))
    return m.size >= need


def matches_gold(finding, entry: dict) -> bool:
    text = finding_text(finding)
    return bool(entry.get("about")) and entry["about"] in text or shares_quote(text, entry.get("quote", ""))


def score_findings(gold: dict, findings: list, tally: Tally, label: str) -> None:
    arithmetic = [e for e in gold["errors"] if e["arithmetic"]]
    tally.gold_errors += len(arithmetic)
    used: set[int] = set()
    for error in arithmetic:
        same_code = [f for f in findings if f.code == error["code"]]
        gold_same = [e for e in gold["errors"] if e["code"] == error["code"]]
        hit = next((f for f in same_code if id(f) not in used and matches_gold(f, error)), None)
        if hit is None and len(same_code) == 1 and len(gold_same) == 1 and id(same_code[0]) not in used:
            hit = same_code[0]
        if hit is None:
            tally.misses.append(f"{label}: missed error {error['code']} {error['about']}")
            continue
        used.add(id(hit))
        tally.errors_caught += 1
    for finding in findings:
        if id(finding) in used or finding.code not in ARITHMETIC or finding.severity != "error":
            continue
        if any(f_code_match(finding, e) for e in gold["errors"]):
            continue  # a second finding about an error already counted is not a false one
        tally.false_errors += 1
        tally.misses.append(f"{label}: false finding {finding.code} {finding.about}: {finding.message[:60]}")


def f_code_match(finding, error: dict) -> bool:
    return finding.code == error["code"] and matches_gold(finding, error)


def run_findings(document, extraction):
    """The findings the app reports: under the chosen framework and with its review (the review grade of
    domain.md §5.9 needs the scored result); without a framework, the checks of the report alone."""
    try:
        from core.checks import run_checks
    except ImportError:
        return None
    try:
        from core.extraction import map_claims
        from core.review.opening import framework_for  # as the app: a 自评表 is scored by its own rows
        from core.review.session import ReviewSession

        framework, _ = framework_for(extraction)
        map_claims(extraction, framework)
        return ReviewSession(document, extraction, framework).findings
    except (ImportError, KeyError, FileNotFoundError, ValueError):
        return run_checks(document, extraction, None)


def evaluate(set_names: list[str], forms: list[str] | None, ids: list[str] | None) -> dict:
    report, grand = {}, Tally()
    for set_name in set_names:
        gold_set = SETS[set_name]
        for form in gold_set.forms:
            if forms and form not in forms and set_name != "web":
                continue
            rows, total = evaluate_form(gold_set, form, ids)
            if not rows:
                continue
            grand.add(total)
            report[f"{set_name}/{form}"] = {"samples": rows, "overall": {**total.figures(), "misses": total.misses}}
    report["all"] = {"samples": {}, "overall": {**grand.figures(), "misses": []}}
    return report


def evaluate_form(gold_set: GoldSet, form: str, ids: list[str] | None) -> tuple[dict, Tally]:
    from core.documents import load
    from core.errors import CodedError
    from core.extraction import extract

    rows, total = {}, Tally()
    for gold_path in gold_set.gold:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = gold_set.source(gold, form)
        if (ids and gold["id"] not in ids) or not source.exists():
            continue
        tally, label = Tally(), f"{form}/{gold['id']}"
        try:
            document = load(source)
        except CodedError as error:  # a form the loaders do not read yet scores as nothing found
            tally.gold_claims, tally.meta_total = len(gold["claims"]), len(META_FIELDS)
            rows[gold["id"]] = {**tally.figures(), "misses": [f"{label}: {error}"]}
            total.add(tally)
            continue
        extraction = extract(document)
        score_claims(gold, extraction, tally, label)
        score_meta(gold, extraction.meta, tally, label)
        score_figures(gold, extraction.figures, tally, label)
        # without core.checks every gold error counts as missed
        score_findings(gold, run_findings(document, extraction) or [], tally, label)
        rows[gold["id"]] = {**tally.figures(), "misses": tally.misses}
        total.add(tally)
    return rows, total


COLUMNS = (("claims_precision", "P"), ("claims_recall", "R"), ("claims_f1", "F1"), ("weight_accuracy", "weight"),
           ("score_accuracy", "score"), ("meta_accuracy", "meta"), ("figure_recall", "figures"),
           ("errors_caught", "caught"), ("false_errors", "false"))


def print_table(report: dict, verbose: bool) -> None:
    head = f"{'sample':36}" + "".join(f"{short:>9}" for _, short in COLUMNS)
    for form, data in report.items():
        print(f"\n[{form}]\n{head}")
        for sample_id, row in list(data["samples"].items()) + [("OVERALL", data["overall"])]:
            print(f"{sample_id:36}" + "".join(f"{_cell(row[key]):>9}" for key, _ in COLUMNS))
        if verbose:
            for miss in data["overall"]["misses"]:
                print("   ", miss)


def _cell(value) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score extraction and findings against samples/gold.")
    parser.add_argument("--set", default="dev", choices=[*SETS, "all"], help="gold set (default dev)")
    parser.add_argument("--forms", default="", help="only these forms (txt,docx,pdf,xlsx)")
    parser.add_argument("--ids", default="")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    sets = list(SETS) if args.set == "all" else [args.set]
    forms = [f for f in args.forms.split(",") if f] or None
    report = evaluate(sets, forms, [i for i in args.ids.split(",") if i] or None)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print_table(report, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
