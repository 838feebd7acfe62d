"""Meaning-preserving rewrites of a report's text, for metamorphic tests of extraction and checks.

    .venv/bin/python tools/perturb.py [--ids a,b] [--only name,name] [--show name --id ID]

Each perturbation is a small named function `text, rng -> text` that a human reviewer would read as the same
report: full-width ↔ ASCII characters, another numbering style, Chinese ↔ ASCII punctuation, spaces around
numbers, paragraphs broken into PDF-like lines (with page-number lines), thousands separators, another
wording of "该项得3分", quotes around 三公, one amount restated in 元 or 万元. `map_gold` carries a gold file
over: names and `about`s get the same character rewrite; figure values are in 万元 and do not change; quotes
may no longer be substrings (evaluate by name and value). Without --show, the command scores every
perturbed txt sample against its gold file with tools/evaluate.py's rules and prints one line per
perturbation.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FULLWIDTH_OFFSET = 0xFEE0  # ASCII '!'..'~' + offset = U+FF01..U+FF5E
ASCII_PRINTABLE = frozenset(chr(c) for c in range(0x21, 0x7F))
NUMBER = r"[0-9]+(?:\.[0-9]+)?"  # ASCII digits: a full-width amount is left as it is
UNIT_AFTER = r"(?:万元|元|人|个|件|项|分|%|％|台|次)"


# --- character-level rewrites (also applied to gold names) -------------------------------------------


def _fullwidth_char(ch: str) -> str:
    return chr(ord(ch) + FULLWIDTH_OFFSET) if ch in ASCII_PRINTABLE and not ch.isalpha() else ch


def to_fullwidth(text: str, rng: random.Random | None = None) -> str:
    """ASCII digits and punctuation as full-width forms (１２３．４５％，（１））."""
    return "".join(_fullwidth_char(ch) for ch in text)


def to_halfwidth(text: str, rng: random.Random | None = None) -> str:
    """Full-width forms (including Chinese ，：（）；？！) back to ASCII."""
    return "".join(chr(ord(ch) - FULLWIDTH_OFFSET) if 0xFF01 <= ord(ch) <= 0xFF5E else ch for ch in text)


CN_PUNCT = {"：": ":", "，": ",", "（": "(", "）": ")"}


def cn_punct_to_ascii(text: str, rng: random.Random | None = None) -> str:
    """Chinese colon, comma and parentheses as ASCII."""
    return text.translate(str.maketrans(CN_PUNCT))


def ascii_punct_to_cn(text: str, rng: random.Random | None = None) -> str:
    """ASCII colon, comma and parentheses as Chinese ones (a comma inside a number stays)."""
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    return text.translate(str.maketrans({":": "：", "(": "（", ")": "）"}))


def percent_fullwidth(text: str, rng: random.Random | None = None) -> str:
    return text.replace("%", "％")


def percent_ascii(text: str, rng: random.Random | None = None) -> str:
    return text.replace("％", "%")


SANGONG_RE = re.compile(r"[“\"]三公经费[”\"]|[“\"]?三公[”\"]?经费")


def _sangong(form: str) -> Callable[[str, random.Random | None], str]:
    def rewrite(text: str, rng: random.Random | None = None) -> str:
        return SANGONG_RE.sub(form, text)

    rewrite.__doc__ = f"every 三公经费, quoted or not, written {form}"
    return rewrite


sangong_plain = _sangong("三公经费")
sangong_cn_quotes = _sangong("“三公”经费")
sangong_ascii_quotes = _sangong('"三公"经费')

SPACE_RE = re.compile(r"[ \t\u3000]+")
# Spaces only where a typesetter puts them: between a number and its unit or a CJK neighbour.
NUMBER_GAP_RE = re.compile(rf"(?<=[\u4e00-\u9fff])(?={NUMBER})|(?<=\d)(?={UNIT_AFTER})")


def spaces_around_numbers(text: str, rng: random.Random | None = None) -> str:
    """'得3分' → '得 3 分', '253.21万元' → '253.21 万元', '7人' → '7 人'."""
    return NUMBER_GAP_RE.sub(" ", text)


def no_spaces(text: str, rng: random.Random | None = None) -> str:
    """Every run of spaces inside a line removed (the line's indent too)."""
    return SPACE_RE.sub("", text)


# --- structure-level rewrites -------------------------------------------------------------------------

PAREN_NUM_RE = re.compile(r"[（(]\s*(\d{1,2})\s*[)）]")
LINE_START = r"(?m)^([ \t\u3000]*)"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _uses(text: str, marker: str) -> bool:
    return re.search(LINE_START + marker, text) is not None


def numbering_paren_ascii(text: str, rng: random.Random | None = None) -> str:
    """（1） → (1) wherever it appears."""
    return PAREN_NUM_RE.sub(r"(\1)", text)


def numbering_paren_fullwidth(text: str, rng: random.Random | None = None) -> str:
    """(1) → （1） wherever it appears."""
    return PAREN_NUM_RE.sub(r"（\1）", text)


def numbering_paren_to_circled(text: str, rng: random.Random | None = None) -> str:
    """Line-start （1） → ①, unless the report already uses ① for another level."""
    if _uses(text, f"[{CIRCLED}]"):
        return text
    return re.sub(LINE_START + PAREN_NUM_RE.pattern, lambda m: m[1] + CIRCLED[int(m[2]) - 1], text)


def numbering_dunhao_to_dot(text: str, rng: random.Random | None = None) -> str:
    """Line-start 1、 → 1. (the same level in GB/T 9704 numbering)."""
    return re.sub(LINE_START + r"(\d{1,2})、", r"\1\2.", text)


def numbering_dot_to_dunhao(text: str, rng: random.Random | None = None) -> str:
    """Line-start 1. / 1． → 1、 (not 1.2020, a number)."""
    return re.sub(LINE_START + r"(\d{1,2})[.．](?!\d)", r"\1\2、", text)


def numbering_dot_to_paren(text: str, rng: random.Random | None = None) -> str:
    """Line-start 1、 / 1. → （1）, unless the report already numbers another level （1）."""
    if _uses(text, PAREN_NUM_RE.pattern):
        return text
    return re.sub(LINE_START + r"(\d{1,2})[.．、](?!\d)", r"\1（\2）", text)


CN_NUM = "一二三四五六七八九十"
CN_ENUM_RE = f"([{CN_NUM}]{{1,3}})"


def numbering_cn_to_paren(text: str, rng: random.Random | None = None) -> str:
    """Line-start 一、 → （一）, unless the report already numbers another level （一）."""
    if _uses(text, f"[（(]{CN_ENUM_RE}[)）]"):
        return text
    return re.sub(LINE_START + CN_ENUM_RE + "、", r"\1（\2）", text)


def numbering_cn_dot(text: str, rng: random.Random | None = None) -> str:
    """Line-start 一、 → 一. (a common variant of the top level)."""
    return re.sub(LINE_START + CN_ENUM_RE + "、", r"\1\2.", text)


def numbering_paren_to_cn(text: str, rng: random.Random | None = None) -> str:
    """Line-start （一） → 一、, unless the report already numbers another level 一、."""
    if _uses(text, CN_ENUM_RE + "、"):
        return text
    return re.sub(LINE_START + f"[（(]{CN_ENUM_RE}[)）]", r"\1\2、", text)


def crlf(text: str, rng: random.Random | None = None) -> str:
    return text.replace("\n", "\r\n")


def _column_width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _wrap_line(line: str, columns: int) -> list[str]:
    """`line` broken wherever the next character would overrun `columns` (CJK characters take two),
    inside words and numbers too, as a page does."""
    out, current, used = [], "", 0
    for ch in line:
        if used + _column_width(ch) > columns:
            out.append(current)
            current, used = "", 0
        current += ch
        used += _column_width(ch)
    return out + [current]


def rewrap(text: str, rng: random.Random) -> str:
    """Every line broken at one page width (40–120 columns), as a PDF text layer read without paragraph
    joining gives it."""
    columns = rng.randint(40, 120)
    return "\n".join(part for line in text.split("\n") for part in _wrap_line(line, columns))


def rewrap_with_page_numbers(text: str, rng: random.Random) -> str:
    """rewrap, then a page-number line ("- 3 -") every 25–40 lines, between or inside paragraphs."""
    lines, out, page = rewrap(text, rng).split("\n"), [], 1
    next_break = rng.randint(25, 40)
    for index, line in enumerate(lines):
        out.append(line)
        if index == next_break:
            out.append(f"- {page} -")
            page += 1
            next_break += rng.randint(25, 40)
    return "\n".join(out)


LARGE_AMOUNT_RE = re.compile(r"(?<![\d.,])(\d{4,})(\.\d+)?(?=\s*万?元)")


def thousands_separators(text: str, rng: random.Random | None = None) -> str:
    """1234.56万元 → 1,234.56万元 (amounts only; years and counts stay)."""
    return LARGE_AMOUNT_RE.sub(lambda m: f"{int(m[1]):,}{m[2] or ''}", text)


# An indicator's score statement: one that says 该项, or a clause of its own after a comma.
SCORE_PHRASE_RE = re.compile(
    rf"(?:该项|(?<=[，,；;。]))得分?为?({NUMBER})分(?![值数])|(?:该项|(?<=[，,；;。]))得分({NUMBER})(?![\d.分])")
SCORE_FORMS = ("该项得{}分", "得分{}分", "得{}分", "该项得分{}")


def score_phrase_variants(text: str, rng: random.Random) -> str:
    """Each "该项得3分" / "得分3分" / "得3分" / "该项得分3" written in one of the four forms at random."""
    return SCORE_PHRASE_RE.sub(lambda m: rng.choice(SCORE_FORMS).format(m[1] or m[2]), text)


WEIGHT_RE = re.compile(rf"[（(]({NUMBER})分[)）]")
WEIGHT_FORMS = ("({}分)", "（{}分）", "(分值{}分)", "（分值：{}分）", "（{} 分）", "(权重{}分)")


def weight_label_variants(text: str, rng: random.Random) -> str:
    """Each bracketed weight "(3分)" written as "（3分）", "(分值3分)", "（分值：3分）", "（3 分）" or "(权重3分)"."""
    return WEIGHT_RE.sub(lambda m: rng.choice(WEIGHT_FORMS).format(m[1]), text)


def blank_lines_between(text: str, rng: random.Random | None = None) -> str:
    """A blank line after every line, as a web page copied into a text file gives it."""
    return re.sub(r"\n+", "\n\n", text)


def no_blank_lines(text: str, rng: random.Random | None = None) -> str:
    return re.sub(r"\n\s*\n", "\n", text)


def fullwidth_indent(text: str, rng: random.Random | None = None) -> str:
    """Every line that starts with CJK text indented by two ideographic spaces, as Word documents do."""
    return re.sub(r"(?m)^[ \t\u3000]*(?=[\u4e00-\u9fff“（(])", "\u3000\u3000", text)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


AMOUNT_NUMBER = rf"(?<![\d.,])(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|{NUMBER})"  # 2,100.09 too
WANYUAN_RE = re.compile(rf"{AMOUNT_NUMBER}(?=万元)")
YUAN_RE = re.compile(rf"{AMOUNT_NUMBER}(?=元)")


def one_amount_to_yuan(text: str, rng: random.Random) -> str:
    """One amount (chosen by rng) given in 万元 restated in 元: 253.21万元 → 2532100元."""
    hits = list(WANYUAN_RE.finditer(text))
    if not hits:
        return text
    m = rng.choice(hits)
    return text[:m.start()] + _plain(Decimal(m[0].replace(",", "")) * 10000) + text[m.end() + 1:]


def one_amount_to_wanyuan(text: str, rng: random.Random) -> str:
    """One amount (chosen by rng) given in 元 restated in 万元: 1000元 → 0.1万元."""
    hits = [m for m in YUAN_RE.finditer(text) if text[m.start() - 1: m.start()] != "万"]
    if not hits:
        return text
    m = rng.choice(hits)
    return text[:m.start()] + _plain(Decimal(m[0].replace(",", "")) / 10000) + "万" + text[m.end():]


# --- the catalogue --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Perturbation:
    name: str
    rewrite: Callable[[str, random.Random], str]
    # The same rewrite for a gold name or `about` (None: names are unchanged by this perturbation).
    rename: Callable[[str, random.Random | None], str] | None = None
    layout: bool = False  # a page layout's doing (line breaks): applied after every character rewrite

    def apply(self, text: str, seed: int = 0) -> str:
        return self.rewrite(text, random.Random(seed))

    def map_gold(self, gold: dict) -> dict:
        if self.rename is None:
            return gold
        out = json.loads(json.dumps(gold))
        for claim in out["claims"]:
            claim["path"] = [self.rename(part) for part in claim["path"]]
            claim["name"] = claim["path"][-1]
        for error in out["errors"]:
            error["about"] = self.rename(error["about"]) if error.get("about") else error.get("about")
            error["quote"] = self.rename(error["quote"]) if error.get("quote") else error.get("quote")
        if out["meta"].get("unit"):
            out["meta"]["unit"] = self.rename(out["meta"]["unit"])
        return out


def _same_name(rewrite):
    return Perturbation(rewrite.__name__, rewrite, rewrite)


PERTURBATIONS: tuple[Perturbation, ...] = (
    _same_name(to_fullwidth),
    _same_name(to_halfwidth),
    _same_name(cn_punct_to_ascii),
    _same_name(ascii_punct_to_cn),
    _same_name(percent_fullwidth),
    _same_name(percent_ascii),
    _same_name(numbering_paren_ascii),
    _same_name(numbering_paren_fullwidth),
    _same_name(numbering_paren_to_circled),
    _same_name(numbering_dunhao_to_dot),
    _same_name(numbering_dot_to_dunhao),
    _same_name(numbering_dot_to_paren),
    _same_name(numbering_cn_to_paren),
    _same_name(numbering_paren_to_cn),
    _same_name(numbering_cn_dot),
    Perturbation("sangong_plain", sangong_plain, sangong_plain),
    Perturbation("sangong_cn_quotes", sangong_cn_quotes, sangong_cn_quotes),
    Perturbation("sangong_ascii_quotes", sangong_ascii_quotes, sangong_ascii_quotes),
    _same_name(spaces_around_numbers),
    _same_name(no_spaces),
    Perturbation("weight_label_variants", weight_label_variants),
    Perturbation("blank_lines_between", blank_lines_between, layout=True),
    Perturbation("no_blank_lines", no_blank_lines, layout=True),
    Perturbation("fullwidth_indent", fullwidth_indent),
    Perturbation("crlf", crlf, layout=True),
    Perturbation("rewrap", rewrap, layout=True),
    Perturbation("rewrap_with_page_numbers", rewrap_with_page_numbers, layout=True),
    Perturbation("thousands_separators", thousands_separators),
    Perturbation("score_phrase_variants", score_phrase_variants),
    Perturbation("one_amount_to_yuan", one_amount_to_yuan),
    Perturbation("one_amount_to_wanyuan", one_amount_to_wanyuan),
)
BY_NAME = {p.name: p for p in PERTURBATIONS}
# The score sheet sample is a table flattened one cell per line, an empty cell an empty line: adding or
# removing blank lines changes its cells, and it has no prose a page would wrap (its one long line, the
# title, cannot be told from two cells once wrapped). These rewrites do not preserve its meaning.
NOT_MEANING_PRESERVING = {("baojing-2019-scoresheet", name) for name in
                          ("rewrap", "rewrap_with_page_numbers", "blank_lines_between", "no_blank_lines")}


def combine(names: list[str]) -> Perturbation:
    """The named perturbations applied in order, as one; line layouts last (a page lays out the text as
    typed, full-width characters included)."""
    steps = sorted((BY_NAME[name] for name in names), key=lambda p: p.layout)

    def rewrite(text: str, rng: random.Random) -> str:
        for step in steps:
            text = step.rewrite(text, rng)
        return text

    def rename(name: str, rng: random.Random | None = None) -> str:
        for step in steps:
            name = step.rename(name) if step.rename else name
        return name

    return Perturbation("+".join(names), rewrite, rename)


def random_combination(seed: int, size: int = 3, names: list[str] | None = None) -> Perturbation:
    """`size` perturbations drawn (by `seed`) from `names` (default: all), chained; one layout at most."""
    chosen: list[str] = []
    for name in random.Random(seed).sample(sorted(names or BY_NAME), len(names or BY_NAME)):
        if not (BY_NAME[name].layout and any(BY_NAME[c].layout for c in chosen)):
            chosen.append(name)
        if len(chosen) == size:
            break
    return combine(chosen)


# --- loading a perturbed text as a report --------------------------------------------------------------


def document_from_text(text: str, name: str = "perturbed.txt"):
    """A txt Document for `text`, read by the txt loader from its UTF-8 bytes (so CRLF goes through it)."""
    import hashlib

    from core.documents.model import Document
    from core.documents.txt import load_txt

    data = text.encode("utf-8")
    content = load_txt(data)
    return Document(name=name, path=name, sha256=hashlib.sha256(data).hexdigest(), format="txt",
                    text=content.text, pages=content.pages, encoding=content.encoding)


def score_against_gold(perturbation: Perturbation, ids: list[str] | None = None):
    """tools/evaluate.py's Tally for the perturbed txt samples against their mapped gold files."""
    import tools.evaluate as ev
    from core.documents import load
    from core.extraction import extract

    tally = ev.Tally()
    for gold_path in sorted(ev.GOLD.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if ids and gold["id"] not in ids or (gold["id"], perturbation.name) in NOT_MEANING_PRESERVING:
            continue
        original = load(ev.SAMPLES / "txt" / f"{gold['id']}.txt").text
        document = document_from_text(perturbation.apply(original, seed=len(gold["id"])))
        extraction = extract(document)
        gold, label = perturbation.map_gold(gold), f"{perturbation.name}/{gold['id']}"
        ev.score_claims(gold, extraction, tally, label)
        ev.score_meta(gold, extraction.meta, tally, label)
        ev.score_figures(gold, extraction.figures, tally, label)
        ev.score_findings(gold, ev.run_findings(document, extraction) or [], tally, label)
    return tally


def _print_scores(ids: list[str] | None, only: list[str] | None) -> None:
    for perturbation in [BY_NAME[n] for n in only] if only else PERTURBATIONS:
        tally = score_against_gold(perturbation, ids)
        row = tally.figures()
        print(f"{perturbation.name:28} F1 {row['claims_f1']:.3f} weight {row['weight_accuracy']:.3f} "
              f"score {row['score_accuracy']:.3f} meta {row['meta_accuracy']:.3f} "
              f"figures {row['figure_recall']:.3f} caught {row['errors_caught']} false {row['false_errors']}")
        for miss in tally.misses:
            print("    ", miss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Perturb the txt samples and score them against gold.")
    parser.add_argument("--ids", default="")
    parser.add_argument("--only", default="", help="comma-separated perturbation names")
    parser.add_argument("--show", default="", help="print this perturbation of --id's text and exit")
    parser.add_argument("--id", default="")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.show:
        from core.documents import load
        from tools.evaluate import SAMPLES

        text = load(SAMPLES / "txt" / f"{args.id}.txt").text
        sys.stdout.write(BY_NAME[args.show].apply(text, args.seed))
        return 0
    _print_scores([i for i in args.ids.split(",") if i] or None, [n for n in args.only.split(",") if n] or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
