"""Benchmark: our build against the plain-Markdown floor, for synthetic reviews of N sources.

For each N: generate a review (benchmarks/generate.py), build it with `mkdocs build` (ours: warm, with what the
last build kept in .review-cache/, and cold, with that folder deleted), and build the floor: the same pages,
source pages included, with every macro already expanded into plain Markdown (exported by our own build) and no
macros or review plugin, with Material as the theme. Builds alternate, floor then ours (cold, then warm), so
noise hits both; each figure is the median of --repeat runs. Also: peak memory of our build (the larger of cold
and warm, and warm alone), size of our site, and the time of `review check`: with no cache, with nothing changed,
and after one chapter, the library or one data file was edited. The generator's bytecode is written first, as
pip writes it for every package it installs (see compile_generator).

    python benchmarks/run.py --sizes 10,100,1000 --json results.json
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402


def timed(arguments: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one command run as ``python -m <module> ...``.

    The peak is the kernel's count for that very process (os.wait4), so it holds however the command ends (the
    `review` command leaves with os._exit, past any code that would print it)."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile("w+") as output:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", *arguments], cwd=cwd, stdout=output,
                                   stderr=subprocess.STDOUT, text=True, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait for it again
        if process.returncode != 0:
            output.seek(0)
            raise SystemExit(f"{' '.join(arguments)} failed in {cwd}:\n{output.read()[-6000:]}")
    return seconds, usage.ru_maxrss / 1024


def compile_generator() -> None:
    """The generator's bytecode, written before anything is timed.

    MkDocs, Material and every other library were compiled by pip when it installed them, and so is the generator
    when pip installs it from a package; a working copy installed with `pip install -e` is compiled on its first
    import, except where PYTHONDONTWRITEBYTECODE is set (as on the machine of the runs of December 2026). There
    every build compiled our 80 modules afresh, about 0.1 s that no installed generator spends (3 % of the floor
    at N = 100). The builds import the package from where this process finds it."""
    spec = importlib.util.find_spec("review_publisher")
    if spec is not None and spec.origin is not None:
        compileall.compile_dir(Path(spec.origin).parent, quiet=1)


EXPORT_HOOK = Path(__file__).resolve().parent / "export_markdown.py"


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1024 / 1024


def prepare_floor(review: Path) -> None:
    """The floor's docs: our exported Markdown, plus the static files our build generated (assets, downloads)."""
    floor_docs = review / "floor-docs"
    site = review / "site"
    for path in site.rglob("*"):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and (relative.startswith(("assets/review/", "downloads/"))
                               or (relative.startswith("sources/") and not relative.endswith(".html"))):
            (floor_docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, floor_docs / relative)
    config = (review / "floor.yml").read_text(encoding="utf-8")
    (review / "floor.yml").write_text(config + "docs_dir: floor-docs\n", encoding="utf-8")


def measure(n: int, repeat: int, work: Path) -> dict:
    review = work / f"review-{n}"
    shutil.rmtree(review, ignore_errors=True)
    info = generate(review, n)
    # Warm-up, and the floor's Markdown: the same build with a hook that writes every page as rendered.
    (review / "export.yml").write_text((review / "mkdocs.yml").read_text(encoding="utf-8")
                                       + f"hooks:\n  - {EXPORT_HOOK}\n", encoding="utf-8")
    timed(["mkdocs", "build", "-f", "export.yml", "-d", "site"], review)
    prepare_floor(review)
    ours, cold, floor, peaks, warm_peaks, floor_peaks = [], [], [], [], [], []
    checks: dict[str, list[float]] = {"cold": [], "warm": [], "edit": [], "bib_edit": [], "data_edit": []}
    for _ in range(repeat):
        seconds, peak = timed(["mkdocs", "build", "-f", "floor.yml", "-d", "floor-site"], review)
        floor.append(seconds)
        floor_peaks.append(peak)
        # Cold: with the review's cache (.review-cache/) deleted, as on a fresh clone or after a new generator.
        shutil.rmtree(review / ".review-cache", ignore_errors=True)
        seconds, peak = timed(["mkdocs", "build", "-f", "mkdocs.yml", "-d", "site"], review)
        cold.append(seconds)
        peaks.append(peak)
        # Warm: what the last build kept is used, as for every build after the first.
        seconds, peak = timed(["mkdocs", "build", "-f", "mkdocs.yml", "-d", "site"], review)
        ours.append(seconds)
        peaks.append(peak)
        warm_peaks.append(peak)
        for kind, seconds in measure_check(review).items():
            checks[kind].append(seconds)
    pages = sum(1 for _ in (review / "site").rglob("index.html"))
    result = {"n": n, "pages": pages, "chapters": info["chapters"], "findings": info["findings"],
              "ours_s": round(statistics.median(ours), 2), "floor_s": round(statistics.median(floor), 2),
              "cold_s": round(statistics.median(cold), 2),
              "peak_rss_mb": round(max(peaks), 1), "warm_peak_rss_mb": round(max(warm_peaks), 1),
              "floor_peak_rss_mb": round(max(floor_peaks), 1),
              "site_mb": round(folder_mb(review / "site"), 1),
              "floor_site_mb": round(folder_mb(review / "floor-site"), 1),
              "check_s": round(statistics.median(checks["warm"]), 2),
              "check_cold_s": round(statistics.median(checks["cold"]), 2),
              "check_edit_s": round(statistics.median(checks["edit"]), 2),
              "check_bib_edit_s": round(statistics.median(checks["bib_edit"]), 2),
              "check_data_edit_s": round(statistics.median(checks["data_edit"]), 2)}
    result["ratio"] = round(result["ours_s"] / result["floor_s"], 2)
    result["cold_ratio"] = round(result["cold_s"] / result["floor_s"], 2)
    shutil.rmtree(review, ignore_errors=True)
    return result


def measure_check(review: Path) -> dict[str, float]:
    """`review check` with no cache at all, again with nothing changed, and after each of three edits: a sentence
    added to a chapter, an entry added to the library, a comment added to a data file (each put back after)."""
    command = ["review_publisher.cli", "check", "-f", "mkdocs.yml"]
    shutil.rmtree(review / ".review-cache", ignore_errors=True)
    times = {"cold": timed(command, review)[0], "warm": timed(command, review)[0]}
    edits = {"edit": (review / "docs" / "chapters" / "c0000.md", "\nA sentence added by the benchmark.\n"),
             "bib_edit": (sorted((review / "bibliography").glob("*.bib"))[0],
                          "\n@misc{added_by_benchmark, title={Added}, author={Someone, A.}, year={2020}}\n"),
             "data_edit": (sorted((review / "data" / "findings").glob("*.yml"))[0], "\n# added by the benchmark\n")}
    for name, (path, addition) in edits.items():
        original = path.read_text(encoding="utf-8")
        path.write_text(original + addition, encoding="utf-8")
        try:
            times[name] = timed(command, review)[0]
        finally:
            path.write_text(original, encoding="utf-8")
        timed(command, review)  # the next edit starts from a check of the review as it was
    return times


def measure_checks(n: int, repeat: int, work: Path) -> dict:
    """`measure_check` alone, ``repeat`` times, on a synthetic review of N sources: the medians."""
    review = work / f"check-{n}"
    shutil.rmtree(review, ignore_errors=True)
    generate(review, n)
    runs = [measure_check(review) for _ in range(repeat)]
    shutil.rmtree(review, ignore_errors=True)
    return {"n": n, "commit": _commit(), **{f"check_{kind}_s": round(statistics.median(run[kind] for run in runs), 2)
                                           for kind in runs[0]}}


def _commit() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=Path(__file__).resolve().parent,
                          capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def chapter_edit(original: str, token: str) -> str:
    return original + f"\nAn edit marked {token}.\n"


def title_edit(original: str, token: str) -> str:
    """The first entry's title with a word added (not first: APA writes titles in sentence case)."""
    return original.replace("title = {", f"title = {{Edited {token} ", 1)


def summary_edit(original: str, token: str) -> str:
    """The first record's summary with a word added: hover cards show it on every page that cites the source."""
    return original.replace("  summary: ", f"  summary: Edited {token} ", 1)


def measure_reload(project: Path, chapter: str, timeout: float = 60, dirty: bool = False,
                   first_build: float = 600, edited: str = "", edit: Callable[[str, str], str] = chapter_edit) -> float:
    """Seconds from saving an edit under `mkdocs serve` (with --dirty: only what changed is built again) until the
    served chapter shows it: by default an edit of the chapter itself; with ``edited`` (a file of the project) and
    ``edit``, an edit of that file which the chapter shows (it cites what was edited)."""
    import urllib.request

    source = project / (edited or f"docs/{chapter}")
    original = source.read_text(encoding="utf-8")  # first: a file that is not there starts no server
    port = 8765 + os.getpid() % 1000
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    page_url = f"http://127.0.0.1:{port}/" + chapter.removesuffix(".md").removesuffix("index") + (
        "" if chapter.endswith("index.md") else "/")

    def served() -> str:
        try:
            with urllib.request.urlopen(page_url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + first_build
        while not served() and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        token = f"benchmark-edit-{time.time_ns()}"
        changed = edit(original, token)
        assert changed != original, f"the edit found nothing to change in {source}"
        start = time.perf_counter()
        source.write_text(changed, encoding="utf-8")
        while token not in served():
            if time.perf_counter() - start > timeout:
                raise SystemExit("the edit was not served in time")
            time.sleep(0.05)
        return round(time.perf_counter() - start, 2)
    finally:
        source.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)


def table(results: list[dict]) -> str:
    columns = ["n", "pages", "ours_s", "floor_s", "ratio", "cold_s", "cold_ratio", "peak_rss_mb", "warm_peak_rss_mb",
               "floor_peak_rss_mb", "site_mb", "floor_site_mb", "check_cold_s", "check_s", "check_edit_s",
               "check_bib_edit_s", "check_data_edit_s"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(result[column]) for column in columns) + " |" for result in results]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="comma-separated numbers of sources")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the median is kept")
    parser.add_argument("--json", type=Path, help="write the results here as a JSON list")
    parser.add_argument("--work", type=Path, help="folder for the generated reviews (default: a temporary one)")
    parser.add_argument("--reload", metavar="CHAPTER",
                        help="instead: time an edit of this chapter of the default review (e.g. review/about.md) "
                             "until mkdocs serve serves it")
    parser.add_argument("--reload-size", type=int, metavar="N",
                        help="instead: time a chapter edit under `mkdocs serve` and `mkdocs serve --dirty`, and "
                             "a library and a data edit under `--dirty`, in a synthetic review of N sources")
    parser.add_argument("--check-only", action="store_true",
                        help="instead: only time `review check` (no cache, nothing changed, each edit) at each size")
    arguments = parser.parse_args()
    compile_generator()
    if arguments.check_only:
        work = arguments.work or Path(tempfile.mkdtemp(prefix="review-benchmark-"))
        rows = [measure_checks(int(size), arguments.repeat, work) for size in arguments.sizes.split(",")]
        print(json.dumps(rows))
        if arguments.json:
            arguments.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
        return
    if arguments.reload:
        root = Path(__file__).resolve().parent.parent
        print(json.dumps({"reload_s": measure_reload(root, arguments.reload)}))
        return
    if arguments.reload_size:
        work = arguments.work or Path(tempfile.mkdtemp(prefix="review-benchmark-"))
        review = work / f"reload-{arguments.reload_size}"
        shutil.rmtree(review, ignore_errors=True)
        generate(review, arguments.reload_size)
        chapter = "chapters/c0000.md"  # it cites the first source (src00000), whose entry and record are edited
        result = {"n": arguments.reload_size,
                  "dirty_reload_s": measure_reload(review, chapter, timeout=300, dirty=True),
                  "dirty_bib_reload_s": measure_reload(review, chapter, timeout=300, dirty=True,
                                                       edited="bibliography/library.bib", edit=title_edit),
                  "dirty_data_reload_s": measure_reload(review, chapter, timeout=300, dirty=True,
                                                        edited="data/sources.yml", edit=summary_edit),
                  "reload_s": measure_reload(review, chapter, timeout=300)}
        print(json.dumps(result))
        if arguments.json:
            arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        return
    work = arguments.work or Path(tempfile.mkdtemp(prefix="review-benchmark-"))
    results = []
    for n in (int(size) for size in arguments.sizes.split(",")):
        results.append(measure(n, arguments.repeat, work))
        print(json.dumps(results[-1]), flush=True)
        if arguments.json:
            arguments.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
