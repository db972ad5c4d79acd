"""The linters are part of the test suite, so the README's one test command (and CI) runs them too:
ruff over the package, the tests, the benchmark and the review's macro module, and mypy over the package."""

import subprocess
import sys

from harness import ROOT


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", "src", "tests", "benchmarks", "macros")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_package():
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
