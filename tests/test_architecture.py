"""The layering of design.md holds: core, providers and storage never import Qt or the UI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_plain_layers_load_without_qt() -> None:
    code = (
        "import sys\n"
        "import dynaspark_desktop.core.chat, dynaspark_desktop.core.images\n"
        "import dynaspark_desktop.core.settings, dynaspark_desktop.core.logs\n"
        "import dynaspark_desktop.providers.dynaspark, dynaspark_desktop.storage\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'qasync'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True, timeout=60)


def test_the_code_is_ruff_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    for command in ([ruff, "check", "."], [ruff, "format", "--check", "."]):
        result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
