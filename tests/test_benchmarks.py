"""The benchmarks cannot rot: every script imports, runs its smallest configuration
(``--quick``) to the end and prints its goal verdicts, so a rename or a schema change breaks
CI rather than the benchmark months later. Nothing here judges a figure: the quick runs are
too small to mean anything, and the tests assert no timings.

The quick runs are child processes (start-up and memory time whole launches, and the
others drive the app's window on their own qasync loop), three at a time, each with its own
time limit; the whole set takes well under a minute on two cores.
"""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.support.registry import NAMES, QUICK_TEST_NAMES

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS = REPO / "benchmarks"
SUPPORT = BENCHMARKS / "support"
# Per script: far above its quick run (3-16 s here), far below "hung".
QUICK_TIME_LIMIT_SECONDS = 120
PARALLEL_RUNS = 3
# Lines the scripts print for each goal.
VERDICT = re.compile(r"\b(PASS|MISS)\b")

pytestmark = pytest.mark.timeout(300)


def top_level_scripts() -> list[str]:
    return sorted(path.stem for path in BENCHMARKS.glob("*.py"))


def test_every_script_is_in_the_registry_and_the_readme() -> None:
    scripts = set(top_level_scripts()) - {"run_all"}
    assert scripts == set(NAMES)
    readme = (BENCHMARKS / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"`{name}.py`" in readme


def imported_modules(path: Path) -> set[str]:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    return imported


def test_no_benchmark_imports_another_script() -> None:
    """Scripts share code through ``benchmarks.support`` only."""
    scripts = {f"benchmarks.{name}" for name in top_level_scripts()}
    offenders = {
        f"{path.relative_to(REPO)} imports {module}"
        for path in [*BENCHMARKS.glob("*.py"), *SUPPORT.glob("*.py")]
        for module in imported_modules(path) & scripts
    }
    assert offenders == set()


@pytest.mark.parametrize(
    "module",
    [f"benchmarks.{name}" for name in top_level_scripts()]
    + [f"benchmarks.support.{path.stem}" for path in sorted(SUPPORT.glob("*.py"))],
)
def test_every_benchmark_module_imports(module: str) -> None:
    importlib.import_module(module)


@dataclass
class QuickRun:
    exit_code: int | None  # None: stopped at the time limit
    output: str


def run_quick(name: str, home: Path) -> QuickRun:
    home.mkdir(parents=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.upper().endswith("_PROXY") and key != "DYNASPARK_ENDPOINT"
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        # The app reads API keys at start-up: never from the real user's keyring.
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    try:
        completed = subprocess.run(
            [sys.executable, str(BENCHMARKS / f"{name}.py"), "--quick"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=QUICK_TIME_LIMIT_SECONDS,
        )
    except subprocess.TimeoutExpired as stopped:  # run() has killed the child by then
        output = stopped.stdout or ""
        return QuickRun(None, output if isinstance(output, str) else output.decode())
    return QuickRun(completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="module")
def quick_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, QuickRun]:
    root = tmp_path_factory.mktemp("benchmark-homes")
    with ThreadPoolExecutor(PARALLEL_RUNS) as pool:
        runs = pool.map(lambda name: run_quick(name, root / name), QUICK_TEST_NAMES)
        return dict(zip(QUICK_TEST_NAMES, runs, strict=True))


@pytest.mark.parametrize("name", QUICK_TEST_NAMES)
def test_quick_run_ends_with_its_verdicts(name: str, quick_runs: dict[str, QuickRun]) -> None:
    run = quick_runs[name]
    assert run.exit_code == 0, run.output[-3000:]
    assert "Traceback" not in run.output, run.output[-3000:]
    assert VERDICT.search(run.output), run.output[-3000:]
