"""The build step setuptools cannot declare: the translations (``resources/translations/*.ts``)
compiled with PySide6's own ``lrelease`` into ``dynaspark_desktop/translations/*.qm``, shipped
as package data. Everything else is in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCES = ROOT / "resources" / "translations"


def compile_translations(target: Path) -> list[str]:
    """lrelease every ``dynaspark_*.ts`` into ``target``; the ``.qm`` files written."""
    import PySide6  # a build requirement (pyproject.toml's [build-system])

    lrelease = Path(PySide6.__file__).parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted(SOURCES.glob("dynaspark_*.ts")):
        qm = target / f"{source.stem}.qm"
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(qm)], check=True)
        written.append(str(qm))
    return written


class BuildWithTranslations(build_py):
    """build_py, then the compiled translations beside the code (for an editable install,
    in the source tree, where the editable finder looks)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            target = ROOT / "dynaspark_desktop" / "translations"
        else:
            target = Path(self.build_lib) / "dynaspark_desktop" / "translations"
        self._translations = compile_translations(target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "_translations", [])]


setup(cmdclass={"build_py": BuildWithTranslations})
