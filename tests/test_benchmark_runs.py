"""The benchmark keeps working: it runs at N = 10 and writes every figure of its table. This is not a timed test:
no figure is compared with a target here (targets are measured by benchmarks/run.py itself, on its own)."""

import json
import subprocess
import sys

from harness import ROOT

FIGURES = {"n", "pages", "chapters", "findings", "ours_s", "floor_s", "ratio", "cold_s", "cold_ratio", "peak_rss_mb",
           "warm_peak_rss_mb", "floor_peak_rss_mb", "site_mb", "floor_site_mb", "check_s",
           "check_cold_s", "check_edit_s", "check_bib_edit_s", "check_data_edit_s"}


def test_the_benchmark_runs_at_ten_sources_and_reports_every_figure(tmp_path):
    results = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "10", "--repeat", "1",
                          "--json", str(results), "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    (row,) = json.loads(results.read_text(encoding="utf-8"))
    assert set(row) == FIGURES and row["n"] == 10
    assert all(isinstance(row[name], (int, float)) and row[name] > 0 for name in FIGURES)
    assert "| 10 |" in run.stdout, "the table a reader sees"


def test_the_preview_benchmark_runs_at_ten_sources(tmp_path):
    """`--reload-size` times a chapter edit under `mkdocs serve`, with and without --dirty, and a library and a data
    edit under --dirty, each until the chapter shows it (not a timed test)."""
    results = tmp_path / "reload.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--reload-size", "10",
                          "--json", str(results), "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    row = json.loads(results.read_text(encoding="utf-8"))
    names = {"dirty_reload_s", "dirty_bib_reload_s", "dirty_data_reload_s", "reload_s"}
    assert set(row) == names | {"n"} and row["n"] == 10
    assert all(row[name] > 0 for name in names)


def test_the_check_benchmark_runs_at_ten_sources(tmp_path):
    """`--check-only` times `review check` alone: with no cache, with nothing changed, and after each edit."""
    results = tmp_path / "check.json"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--check-only", "--sizes", "10",
                          "--repeat", "1", "--json", str(results), "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    (row,) = json.loads(results.read_text(encoding="utf-8"))
    names = {"check_cold_s", "check_warm_s", "check_edit_s", "check_bib_edit_s", "check_data_edit_s"}
    assert set(row) == names | {"n", "commit"} and row["n"] == 10 and row["commit"]
    assert all(row[name] > 0 for name in names)
