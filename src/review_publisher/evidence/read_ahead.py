"""The data files read in other processes while this one goes on, when nothing of them is kept.

With nothing kept (a fresh clone, a deleted cache, a new generator), reading the data strictly and checking every
record and finding against its schema is the largest part of a large review's check: 10,000 records and 30,000
findings took about seven seconds on one core. A reading depends on its file alone, so worker processes make it,
with the very function the loader uses (:func:`review_publisher.evidence.model.read_data_file`), while this
process reads the library and the pages. Each reading is then put in the readings table as if an earlier run had
kept it, and the loader finds it there: the messages, their places and their order are the loader's own.

Nothing depends on the workers: a file a worker could not read (or a worker that could not start) is read by the
loader as before, which gives its message. Small data is read by the loader too: starting a process costs more
than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.evidence.model import data_file_plan, read_data_file, reading_kind
from review_publisher.evidence.reading_cache import TABLE, encode, reading_key
from review_publisher.files import MIB, SIZE_LIMITS
from review_publisher.gc_pause import collection_paused

# Below this much data to read, a worker's start (a fresh interpreter importing the loader, about 0.2 s) costs
# more than the reading it takes over (about 0.4 s for each MiB of YAML).
SMALLEST_WORTH_A_PROCESS = 2 * MIB


@dataclass
class ReadAhead:
    """Readings under way, each with the key the loader will look it up under."""

    executor: ProcessPoolExecutor
    pending: list[tuple[str, Future]]

    def collect(self, disk: DiskCache) -> int:
        """Wait for the workers and keep what they read; returns how many files they read."""
        table = disk.table(TABLE)
        kept = 0
        for key, future in self.pending:
            try:
                encoded = future.result()
            except Exception:  # noqa: BLE001 - a worker's failure only means the loader reads the file itself
                continue
            if encoded is not None:
                table.put(key, encoded)
                kept += 1
        self.executor.shutdown()
        return kept


def read_ahead(folder: Path | None, relative: Callable[[Path], str], disk: DiskCache,
               workers: int | None = None) -> ReadAhead | None:
    """Start reading, in other processes, the data files whose readings are not kept; None when there is too
    little to read for that to pay (or no process could be started)."""
    if folder is None or not folder.is_dir():
        return None
    table = disk.table(TABLE)
    jobs = []
    for path, schema, facets in data_file_plan(folder, relative, disk):
        size = _plain_file_size(path)
        if size is None:
            continue  # missing, a link or too large: the loader says so
        shown_as = relative(path)
        key = reading_key(disk, reading_kind(schema, facets), shown_as, path.read_bytes())
        if table.get(key) is None:
            jobs.append((size, key, str(path), schema, shown_as, facets))
    if sum(job[0] for job in jobs) < SMALLEST_WORTH_A_PROCESS:
        return None
    jobs.sort(key=lambda job: -job[0])  # the largest first, so that the workers end together
    count = workers or max(1, min(len(jobs), (os.cpu_count() or 2) - 1))
    try:
        # "spawn": a fresh interpreter, never a copy of this process (which may run a server's threads)
        executor = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
        pending = [(key, executor.submit(_read_encoded, path, schema, shown_as, facets))
                   for _, key, path, schema, shown_as, facets in jobs]
    except (OSError, RuntimeError):
        return None
    return ReadAhead(executor, pending)


def _read_encoded(path: str, schema: str, shown_as: str, facets: tuple[str, ...]) -> Any:
    """In a worker: the reading as the readings table keeps it, or None when JSON cannot hold it exactly."""
    with collection_paused():  # as in the loader (gc_pause.py): what is read all stays until it is sent
        loaded, problems = read_data_file(Path(path), schema, shown_as, schema == "sources", facets)
        return encode(loaded, problems)


def _plain_file_size(path: Path) -> int | None:
    try:
        status = path.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size > SIZE_LIMITS.get(path.suffix.lower(), 2 * MIB):
        return None
    return status.st_size
