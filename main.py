"""绩效复核台 — command line entry point: the window, or the headless analysis (docs: ../shared/docs/cli.md).

`analyze` and the headless fallback use core only and never import Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "resources" / "examples"
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130
CONSOLE_PROBE = "绩效复核台"
EXPORTS = ("xlsx", "docx", "pdf", "annotated_pdf")


def example_report() -> Path:
    """The bundled example report the run command opens."""
    reports = sorted(p for p in EXAMPLES.iterdir() if p.suffix.lower() in {".pdf", ".docx", ".txt", ".xlsx"})
    return reports[0]


def _fail(code: str, message: str) -> int:
    print(f"错误[{code}]: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _write_json(data: dict, target: str) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    from core.review.storage import atomic_write_text

    atomic_write_text(Path(target), text + "\n")


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    sets: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--set 需要 名称=数值 的形式，收到 “{pair}”")
        sets[name.strip()] = value.strip()
    return sets


def cmd_analyze(args: argparse.Namespace) -> int:
    from core.analysis import open_report, template_list, to_json
    from core.errors import CodedError
    from core.frameworks import FrameworkError

    if args.template == "list":
        print(template_list())
        return 0
    try:
        sets = _parse_sets(args.set or [])
        session = open_report(args.file, template=args.template, sets=sets, review=args.review,
                              password=args.password, reviewer=args.reviewer)
    except CodedError as exc:  # DocumentError, ReviewFileError, AnalysisError
        return _fail(exc.code, exc.message)
    except FrameworkError as exc:
        return _fail("BAD_ARGUMENT", exc.one_line())
    except ValueError as exc:
        return _fail("BAD_ARGUMENT", str(exc))
    data = to_json(session)
    try:
        _write_exports(session, args)
    except CodedError as exc:  # ExportError
        return _fail(exc.code, exc.message)
    if args.json:
        try:
            _write_json(data, args.json)
        except OSError as exc:
            return _fail("WRITE_FAILED", f"无法写入 {args.json}：{exc.strerror or exc}")
    else:
        print(_summary(data))
    return 0


def _write_exports(session, args: argparse.Namespace) -> None:
    targets = {name: getattr(args, name) for name in EXPORTS if getattr(args, name)}
    if targets:
        from core.exports.writing import export_all

        export_all(session, targets)


def _summary(data: dict) -> str:
    totals = data.get("totals") or {}
    meta = data.get("meta") or {}
    findings = data.get("findings") or []
    errors = sum(1 for f in findings if f.get("severity") == "error")
    return (
        f"{data['source']['name']}：{meta.get('unit') or '（单位未识别）'} {meta.get('year') or ''}\n"
        f"自评 {totals.get('claimed')} 分（{totals.get('grade_claimed') or '—'}），"
        f"复核 {_reviewed_text(totals)}；"
        f"发现问题 {len(findings)} 项，其中错误 {errors} 项"
    )


def cmd_batch(argv: list[str]) -> int:
    from core.batch import BatchOptions, run_batch
    from core.errors import CodedError

    args = build_batch_parser().parse_args(argv)
    options = BatchOptions(args.sources, Path(args.out), exports_dir=Path(args.exports) if args.exports else None,
                           sample=args.sample, seed=args.seed)
    if args.jobs is not None:
        options.jobs = args.jobs
    bar = _ProgressBar()
    try:
        result = run_batch(options, progress=bar.update)
    except CodedError as exc:
        return _fail(exc.code, exc.message)
    except OSError as exc:
        return _fail("WRITE_FAILED", f"无法写入汇总表 {args.out}：{exc.strerror or exc}")
    except KeyboardInterrupt:  # before any report was handed out, or while the summary was being written
        print("已中断，未生成汇总表。", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        bar.close()
    failed = sum(1 for row in result.rows if row.failed)
    print(f"汇总表：{result.summary}\n复核文件：{result.review_dir}\n"
          f"本次分析 {result.analysed} 份，沿用上次结果 {result.reused} 份，读取失败 {failed} 份"
          + (f"；抽查 {len(result.sampled)} 份（随机种子 {result.seed}）" if result.sampled else ""))
    if result.interrupted:
        print("已中断：汇总表只含已完成的报告，再次运行将继续分析其余报告。", file=sys.stderr)
        return EXIT_INTERRUPTED
    return 0


class _ProgressBar:
    """tqdm on standard error, driven by the batch's progress(done, total, name) callback."""

    def __init__(self):
        self._bar = None

    def update(self, done: int, total: int, name: str) -> None:
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="份", desc="批量预审", file=sys.stderr, dynamic_ncols=True)
        self._bar.set_postfix_str(name[-30:], refresh=False)
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def build_batch_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py batch", description="批量预审：分析多份报告，生成汇总表")
    parser.add_argument("sources", nargs="+", metavar="DIR|FILE", help="报告文件或文件夹（递归查找）")
    parser.add_argument("--out", required=True, metavar="summary.xlsx", help="汇总表（xlsx）")
    parser.add_argument("--jobs", type=int, metavar="N", help="并行进程数（默认为处理器核数）")
    parser.add_argument("--exports", metavar="DIR", help="同时为每份报告生成复核成果，写入此文件夹")
    parser.add_argument("--sample", type=int, metavar="K", help="随机抽取 K 份供抽查")
    parser.add_argument("--seed", type=int, metavar="S", help="抽查的随机种子（记入汇总表）")
    return parser


def ensure_utf8_console(streams=None) -> None:
    """A console whose code page cannot encode Chinese (cp1252, cp437) would crash the first print:
    switch such a stream to UTF-8, replacing what still cannot be written."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # pythonw has no console; a replaced stream (pytest's capture) decides for itself
        try:
            CONSOLE_PROBE.encode(stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _reviewed_text(totals: dict) -> str:
    if totals.get("status") == "undetermined":
        low, high = totals.get("range") or (None, None)
        return f"待定（{low}–{high} 分）"
    return f"{totals.get('reviewed')} 分（{totals.get('grade_reviewed') or '—'}）"


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return True
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_headless_example(out_dir: Path) -> int:
    """No display: analyse the example without a window and say where the result went."""
    from core.analysis import open_report, to_json

    report = example_report()
    session = open_report(str(report))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / (report.stem + ".analysis.json")
    _write_json(to_json(session), str(target))
    print("未检测到图形显示环境，已改为无界面分析示例报告。")
    print(f"示例报告：{report}")
    print(f"分析结果已写入：{target}")
    print(_summary(to_json(session)))
    return 0


def cmd_gui(argv: list[str]) -> int:
    if not has_display():
        return run_headless_example(Path(os.environ.get("JIXIAO_OUT", ROOT / "out")))
    from gui.app import run

    return run(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description="绩效复核台：预算绩效自评报告复核")
    sub = parser.add_subparsers(dest="command")
    analyze = sub.add_parser("analyze", help="无界面分析一份报告")
    analyze.add_argument("file")
    analyze.add_argument("--template", help="评分框架 ID（list 列出全部）")
    analyze.add_argument("--set", action="append", metavar="NAME=VALUE", help="设置基础数据，可重复")
    analyze.add_argument("--review", help="从已保存的复核文件开始")
    analyze.add_argument("--json", metavar="PATH", help="分析结果 JSON 写入文件，- 为标准输出")
    analyze.add_argument("--password", metavar="PW", help="打开加密的 PDF、Word 或 Excel 文件的密码")
    analyze.add_argument("--xlsx", metavar="PATH", help="复核表 xlsx")
    analyze.add_argument("--docx", metavar="PATH", help="复核意见 docx")
    analyze.add_argument("--pdf", metavar="PATH", help="复核意见 pdf")
    analyze.add_argument("--reviewer", metavar="NAME", help="复核人姓名（写入修改记录、复核文件和导出文件）")
    analyze.add_argument("--annotated-pdf", dest="annotated_pdf", metavar="PATH",
                         help="批注版报告 pdf（原报告页面加高亮批注，首页为复核摘要）")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    ensure_utf8_console()
    if argv[:1] == ["--version"]:
        from core import APP_NAME, __version__

        print(f"{APP_NAME} {__version__}")
        return 0
    if argv[:1] == ["analyze"] or argv[:1] in (["-h"], ["--help"]):
        return cmd_analyze(build_parser().parse_args(argv))
    if argv[:1] == ["batch"]:
        return cmd_batch(argv[1:])
    return cmd_gui(argv)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the PDF reader's child and batch workers of a frozen build start here
    sys.exit(main())
