"""Benchmark: how long checking a large real-world library takes, clean and with many problems.

A library of about 3,700 entries is made from the real public libraries in tests/fixtures/libraries, each copied
with renamed keys until the size is reached. The "with problems" variant breaks every other copied entry the way
real exports are broken (an unknown LaTeX command in a title, a `javascript:` url, a missing brace), which gives
about as many problems as entries, like the 3,725-entry Zotero export of issue 14 (1,806 problems). Each variant
is loaded and its problems settled as `review check` does (no page cites any entry), median of --repeat runs.

    python benchmarks/library_check.py --entries 3725 --repeat 3
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from review_publisher.diagnostics import Diagnostics  # noqa: E402
from review_publisher.library.bibliography import load_library  # noqa: E402
from review_publisher.project import set_aside_problems, set_aside_unaddressable  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "libraries"
_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.M)
_BREAKAGES = (
    lambda entry: entry.replace("title", "title = {\\unknowncommand{x}},\n  oldtitle", 1),
    lambda entry: entry.replace("@", "@", 1).rstrip().rstrip("}") + ",\n  url = {javascript:alert(1)}\n}\n",
    lambda entry: entry.replace("}", "", 1),
)


def make_library(folder: Path, entries: int, broken: bool) -> int:
    """Write about ``entries`` entries; return how many were written."""
    sources = [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.bib"))]
    chunks = [chunk for text in sources for chunk in re.split(r"(?m)^(?=@)", text)
              if _ENTRY.match(chunk) and not chunk.lower().startswith(("@string", "@comment", "@preamble"))]
    written, copy, parts = 0, 0, []
    while written < entries:
        for chunk in chunks:
            if written >= entries:
                break
            renamed = _ENTRY.sub(lambda m, c=copy: f"@{m.group(1)}{{{m.group(2)}-copy{c},", chunk, count=1)
            if broken and written % 2:
                renamed = _BREAKAGES[written % len(_BREAKAGES)](renamed)
            parts.append(renamed)
            written += 1
        copy += 1
    strings = "".join(line + "\n" for text in sources for line in text.splitlines() if line.lower().startswith("@string"))
    (folder / "library.bib").write_text(strings + "\n".join(parts), encoding="utf-8")
    return written


def check_once(folder: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    diagnostics = Diagnostics()
    library = load_library(folder, lambda path: path.name, diagnostics)
    set_aside_unaddressable(library)
    diagnostics.extend(set_aside_problems(library, set()))
    report = diagnostics.report()
    elapsed = time.perf_counter() - started
    return elapsed, len(library.sources), report.count("\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=3725)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    for broken in (False, True):
        with tempfile.TemporaryDirectory() as folder:
            written = make_library(Path(folder), options.entries, broken)
            runs = [check_once(Path(folder)) for _ in range(options.repeat)]
            median = statistics.median(run[0] for run in runs)
            _, shown, messages = runs[0]
            label = "with problems" if broken else "clean"
            print(f"{label:>13}: {written} entries, {shown} shown, {messages} message lines, "
                  f"checked in {median:.2f} s (median of {options.repeat})")


if __name__ == "__main__":
    main()
