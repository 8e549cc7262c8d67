"""Write the Flatpak manifest's pip module: every Python dependency (but PySide6, which the
PySide baseapp brings) as a wheel for the runtime's Python, with its URL and SHA-256, since
flatpak-builder builds offline.

    python packaging/flatpak_pip_sources.py   # rewrites the "python-dependencies" module

It asks pip (``pip install --dry-run --report``) which wheels it would install for CPython
3.12 on x86_64 Linux (the KDE 6.8 runtime's Python), and writes them into
``io.dynaspark.Desktop.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "io.dynaspark.Desktop.json"
PYTHON_VERSION = "3.12"
REQUIREMENTS = [
    "qasync>=0.27",
    "aiohttp>=3.10",
    "Pillow>=10.3",
    "markdown-it-py>=3.0",
    "Pygments>=2.17",
    "keyring>=24",
    "aiohttp-socks>=0.9",
    # The app's own module is built offline (--no-build-isolation): its build backend.
    "setuptools>=68",
]
PLATFORMS = ["manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"]


def wheels() -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet"]
        command += ["--ignore-installed", "--only-binary=:all:", "--report", str(report)]
        command += ["--python-version", PYTHON_VERSION, "--implementation", "cp"]
        command += ["--target", str(Path(folder) / "target")]
        for platform in PLATFORMS:
            command += ["--platform", platform]
        subprocess.run([*command, *REQUIREMENTS], check=True)
        installs = json.loads(report.read_text())["install"]
    sources = []
    for item in installs:
        info = item["download_info"]
        url = info["url"]
        file_name = url.rsplit("/", 1)[-1]
        sha256 = info["archive_info"]["hashes"]["sha256"]
        if not url.startswith("https://"):
            # A local mirror's copy: PyPI's own address for the same file.
            url = _pypi_url(item["metadata"]["name"], sha256, file_name)
        sources.append({"type": "file", "url": url, "sha256": sha256})
    return sources


def _pypi_url(name: str, sha256: str, file_name: str) -> str:
    """PyPI's address of the file with this name and hash (its simple index, in JSON)."""
    from urllib.request import Request, urlopen

    request = Request(
        f"https://pypi.org/simple/{name}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urlopen(request, timeout=30) as response:
        index = json.load(response)
    for entry in index["files"]:
        if entry["filename"] == file_name and entry["hashes"].get("sha256") == sha256:
            return str(entry["url"])
    raise SystemExit(f"PyPI has no {file_name} with the SHA-256 pip saw")


def main() -> None:
    manifest = json.loads(MANIFEST.read_text())
    module = next(m for m in manifest["modules"] if m["name"] == "python-dependencies")
    module["sources"] = wheels()
    names = " ".join(Path(source["url"]).name for source in module["sources"])
    module["build-commands"] = [
        "pip3 install --verbose --exists-action=i --no-index --find-links=file://${PWD} "
        f"--prefix=${{FLATPAK_DEST}} --no-build-isolation {names}"
    ]
    MANIFEST.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote {len(module['sources'])} wheels into {MANIFEST}")


if __name__ == "__main__":
    main()
