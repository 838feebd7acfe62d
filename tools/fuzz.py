"""Mutation fuzzer: no input may crash, hang, eat memory, be written to, or hide an internal error.

    .venv/bin/python tools/fuzz.py [--cases 5000] [--seed 1] [--mode inproc|cli|both] [--jobs 2]
                                   [--families a,b] [--keep DIR]

Every case is one seed sample (../shared/samples) mutated by one family (tools/fuzz_families.py), written
to a temporary file and analysed either in-process (`core.analysis.open_report` + `to_json`, in a forked
child so that a hang or a blow-up can be stopped) or through `main.py analyze FILE --json -`. Each run has
a 30 s timeout and an address-space cap; its peak RSS is measured. Verdicts:

    ok        analysed                          typed     one CodedError (错误[CODE]), exit code 2
    crash     traceback / other exit code       masked    a CodedError whose cause chain holds an internal
    timeout   over 30 s                                   error of our own code (the chain is printed)
    memory    over 1 GiB (or MemoryError)       modified  the input file changed

Prints one table row per family and each non-clean case (family, seed sample, case number: the same
--seed and --cases regenerate it; --keep saves those files).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.fuzz_families import FAMILIES, Family, seed_files  # noqa: E402

TIMEOUT_SECONDS = 30.0
MEMORY_LIMIT_BYTES = 1024 ** 3
# The cap that stops a runaway allocation before it takes the shared machine down; the verdict uses the
# measured peak RSS against MEMORY_LIMIT_BYTES.
ADDRESS_SPACE_CAP = 4 * 1024 ** 3
VERDICTS = ("ok", "typed", "crash", "masked", "timeout", "memory", "modified")
CLEAN = {"ok", "typed"}
# Exception types that mean a bug in our code when one of our own frames raised them.
INTERNAL_TYPES = (TypeError, AttributeError, LookupError, ArithmeticError, ValueError, AssertionError,
                  NameError, UnboundLocalError, RecursionError, MemoryError)
OWN_CODE = (str(ROOT / "core"), str(ROOT / "gui"), str(ROOT / "main.py"))


@dataclass
class Case:
    number: int
    family: Family
    seed_path: Path


@dataclass
class Outcome:
    case: Case
    mode: str
    verdict: str
    code: str | None = None
    seconds: float = 0.0
    rss_mb: float = 0.0
    detail: str = ""


@dataclass
class Running:
    case: Case
    path: Path
    digest: str
    started: float
    pid: int
    result_path: Path
    stderr_path: Path | None = None
    stdout_path: Path | None = None
    process: subprocess.Popen | None = None


def plan_cases(count: int, seed: int, families: tuple[Family, ...]) -> list[Case]:
    """`count` cases spread over the families in inverse proportion to their cost, seeds drawn in turn."""
    seeds = seed_files()
    weights = [1 / family.cost for family in families]
    rng = random.Random(seed)
    chosen = rng.choices(families, weights=weights, k=count)
    return [Case(number, family, rng.choice([p for p in seeds if p.suffix.lower() in family.seeds]))
            for number, family in enumerate(chosen)]


def materialise(case: Case, seed: int, folder: Path) -> Path | None:
    """Write the case's mutated file; None when its family does not apply to the seed sample."""
    rng = random.Random(f"{seed}:{case.number}")
    mutated = case.family.mutate(case.seed_path.read_bytes(), case.seed_path.suffix.lower(), rng)
    if mutated is None:
        return None
    data, suffix = mutated
    if not data:
        data = b"\0"
    path = folder / f"case{case.number:05d}-{case.family.name}{suffix}"
    path.write_bytes(data)
    return path


# --- the child processes --------------------------------------------------------------------------------

def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))


def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def internal_chain(exc: BaseException) -> list[str]:
    """The exceptions behind `exc` that are bugs of ours (internal types raised in our own frames), or a
    recursion or memory error anywhere; empty when the chain is clean."""
    found, seen, current = [], set(), exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current is not exc and isinstance(current, INTERNAL_TYPES):
            frames = traceback.extract_tb(current.__traceback__)
            where = frames[-1] if frames else None
            own = where is not None and where.filename.startswith(OWN_CODE)
            if own or isinstance(current, (RecursionError, MemoryError)):
                place = f" at {Path(where.filename).relative_to(ROOT) if own else where.filename}:{where.lineno}" \
                    if where else ""
                found.append(f"{type(current).__name__}{place}: {current}")
        current = current.__cause__ or current.__context__
    return found


def analyse_in_process(path: Path) -> dict:
    """Runs inside the forked child: the verdict of one in-process analysis."""
    from core.analysis import open_report, to_json
    from core.errors import CodedError

    try:
        json.dumps(to_json(open_report(path)), ensure_ascii=False)
    except CodedError as exc:
        chain = internal_chain(exc)
        if chain:
            return {"verdict": "masked", "code": exc.code, "detail": f"[{exc.code}] <- " + " <- ".join(chain)}
        return {"verdict": "typed", "code": exc.code, "detail": exc.message[:120]}
    except MemoryError:
        return {"verdict": "memory", "detail": "MemoryError"}
    except BaseException as exc:  # the whole point: anything else is a crash, reported with its origin
        frames = traceback.extract_tb(exc.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        return {"verdict": "crash", "detail": f"{type(exc).__name__} at {where}: {str(exc)[:200]}"}
    return {"verdict": "ok"}


def _start_in_process(path: Path, result_path: Path) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's loop
        code = 0
        try:
            _limit_memory()
            result = analyse_in_process(path)
            result["rss_mb"] = _peak_rss_mb()
            result_path.write_text(json.dumps(result), encoding="utf-8")
        except BaseException:  # noqa: BLE001 — a child must always leave through os._exit
            code = 3
        finally:
            os._exit(code)
    return pid


def _start_cli(path: Path, stdout_path: Path, stderr_path: Path) -> subprocess.Popen:
    """The Popen object must stay referenced: subprocess reaps the children of dropped ones itself, and
    the scheduler reaps with os.wait4 to read the child's peak RSS."""
    with stdout_path.open("wb") as out, stderr_path.open("wb") as err:
        return subprocess.Popen([sys.executable, str(ROOT / "main.py"), "analyze", str(path), "--json", "-"],
                                stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=str(ROOT),
                                preexec_fn=_limit_memory)


def _cli_result(status: int, run: Running) -> dict:
    stderr = run.stderr_path.read_text(encoding="utf-8", errors="replace")
    exit_code = os.waitstatus_to_exitcode(status)
    if "Traceback" in stderr or exit_code not in (0, 2):
        if "MemoryError" in stderr:
            return {"verdict": "memory", "detail": "MemoryError"}
        return {"verdict": "crash", "detail": f"exit {exit_code}: {stderr.strip()[-300:]}"}
    if exit_code == 2:
        lines = [line for line in stderr.splitlines() if line.strip()]
        if len(lines) != 1 or not lines[0].startswith("错误["):
            return {"verdict": "crash", "detail": f"exit 2 without one 错误 line: {stderr.strip()[-300:]}"}
        return {"verdict": "typed", "code": lines[0][3:lines[0].index("]")], "detail": lines[0][:120]}
    try:
        json.loads(run.stdout_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        return {"verdict": "crash", "detail": f"exit 0 without a JSON document: {exc}"}
    return {"verdict": "ok"}


# --- the scheduler ---------------------------------------------------------------------------------------

class Fuzzer:
    def __init__(self, mode: str, jobs: int, seed: int, folder: Path, keep: Path | None):
        self.mode, self.jobs, self.seed, self.folder, self.keep = mode, jobs, seed, folder, keep
        self.outcomes: list[Outcome] = []
        self.skipped: Counter[str] = Counter()

    def run(self, cases: list[Case]) -> list[Outcome]:
        pending, running = list(reversed(cases)), []
        while pending or running:
            while pending and len(running) < self.jobs:
                started = self._start(pending.pop())
                if started is not None:
                    running.append(started)
            running = [run for run in running if not self._finished(run)]
            time.sleep(0.01)
        return self.outcomes

    def _start(self, case: Case) -> Running | None:
        path = materialise(case, self.seed, self.folder)
        if path is None:
            self.skipped[case.family.name] += 1
            return None
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        result_path = path.with_name(path.name + ".result.json")
        if self.mode == "inproc":
            pid = _start_in_process(path, result_path)
            return Running(case, path, digest, time.monotonic(), pid, result_path)
        stdout_path, stderr_path = path.with_name(path.name + ".out"), path.with_name(path.name + ".err")
        process = _start_cli(path, stdout_path, stderr_path)
        return Running(case, path, digest, time.monotonic(), process.pid, result_path, stderr_path, stdout_path,
                       process)

    def _finished(self, run: Running) -> bool:
        pid, status, usage = os.wait4(run.pid, os.WNOHANG)
        elapsed = time.monotonic() - run.started
        if pid == 0:
            if elapsed <= TIMEOUT_SECONDS:
                return False
            os.kill(run.pid, 9)
            _, status, usage = os.wait4(run.pid, 0)
            result = {"verdict": "timeout", "detail": f"killed after {elapsed:.0f} s"}
        elif self.mode == "inproc":
            result = json.loads(run.result_path.read_text(encoding="utf-8")) if run.result_path.exists() \
                else {"verdict": "crash", "detail": f"child died: status {status}"}
        else:
            result = _cli_result(status, run)
        if run.process is not None:
            run.process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by subprocess
        rss_mb = max(result.get("rss_mb", 0.0), usage.ru_maxrss / 1024)
        self._record(run, result, elapsed, rss_mb)
        return True

    def _record(self, run: Running, result: dict, elapsed: float, rss_mb: float) -> None:
        verdict = result["verdict"]
        if hashlib.sha256(run.path.read_bytes()).hexdigest() != run.digest:
            verdict = "modified"
        elif verdict in CLEAN and rss_mb * 1024 * 1024 > MEMORY_LIMIT_BYTES:
            verdict = "memory"
        outcome = Outcome(run.case, self.mode, verdict, result.get("code"), elapsed, rss_mb, result.get("detail", ""))
        self.outcomes.append(outcome)
        if verdict not in CLEAN and self.keep is not None:
            self.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy2(run.path, self.keep / run.path.name)
        for path in (run.path, run.result_path, run.stdout_path, run.stderr_path):
            if path is not None and path.exists():
                path.unlink()


# --- the report ------------------------------------------------------------------------------------------

def table(outcomes: list[Outcome], skipped: Counter) -> str:
    by_family: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_family[outcome.case.family.name].append(outcome)
    header = ["family", "cases", *VERDICTS, "max s", "max MB", "typed codes"]
    rows = [header, ["---"] * len(header)]
    for family in FAMILIES:
        runs = by_family.get(family.name)
        if not runs:
            continue
        counts = Counter(o.verdict for o in runs)
        rows.append([family.name, str(len(runs)), *(str(counts[v]) for v in VERDICTS),
                     f"{max(o.seconds for o in runs):.1f}", f"{max(o.rss_mb for o in runs):.0f}", _codes(runs)])
    totals = Counter(o.verdict for o in outcomes)
    rows.append(["**all**", str(len(outcomes)), *(str(totals[v]) for v in VERDICTS),
                 f"{max((o.seconds for o in outcomes), default=0):.1f}",
                 f"{max((o.rss_mb for o in outcomes), default=0):.0f}", _codes(outcomes)])
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    if skipped:
        lines.append("not applicable to the drawn seed (no case): "
                     + ", ".join(f"{name} {n}" for name, n in sorted(skipped.items())))
    return "\n".join(lines)


def _codes(outcomes: list[Outcome]) -> str:
    counts = Counter(o.code for o in outcomes if o.verdict == "typed")
    return " ".join(f"{code} {n}" for code, n in counts.most_common())


def slowest(outcomes: list[Outcome], count: int = 5) -> list[str]:
    return [f"{o.seconds:.1f} s {o.verdict} {o.case.family.name} #{o.case.number} {o.case.seed_path.name}"
            for o in sorted(outcomes, key=lambda o: -o.seconds)[:count]]


def problems(outcomes: list[Outcome]) -> list[str]:
    return [f"{o.mode} {o.verdict} {o.case.family.name} #{o.case.number} {o.case.seed_path.name}: {o.detail}"
            for o in outcomes if o.verdict not in CLEAN]


def warm_up() -> None:
    """Analyse one sample of each format in the parent, so that every forked child starts with the
    libraries imported and the frameworks loaded (a case then costs its own analysis only)."""
    from core.analysis import open_report

    for suffix in (".txt", ".docx", ".pdf"):
        sample = next((p for p in seed_files() if p.suffix == suffix and "bad" not in p.parts), None)
        if sample is not None:
            open_report(sample)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=("inproc", "cli", "both"), default="inproc")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--families", help="comma-separated family names (default: all)")
    parser.add_argument("--keep", type=Path, help="copy every non-clean case's file here")
    args = parser.parse_args(argv)
    families = FAMILIES if not args.families else tuple(f for f in FAMILIES if f.name in args.families.split(","))
    cases = plan_cases(args.cases, args.seed, families)
    if args.mode != "cli":
        warm_up()
    exit_code = 0
    for mode in (("inproc", "cli") if args.mode == "both" else (args.mode,)):
        with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
            fuzzer = Fuzzer(mode, args.jobs, args.seed, Path(folder), args.keep)
            started = time.monotonic()
            outcomes = fuzzer.run(cases)
        print(f"\n## {mode}: {len(outcomes)} mutated files, seed {args.seed}, "
              f"{time.monotonic() - started:.0f} s on {args.jobs} processes\n")
        print(table(outcomes, fuzzer.skipped))
        print("\nslowest: " + "; ".join(slowest(outcomes)))
        found = problems(outcomes)
        for line in found:
            print(line)
        exit_code = exit_code or (1 if found else 0)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
