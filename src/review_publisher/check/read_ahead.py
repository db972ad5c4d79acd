"""What `review check` reads in other processes while it reads the pages itself, when nothing of it is kept.

With nothing kept (a fresh clone, a deleted cache, a new generator), a large review's check is mostly reading:
the library (pybtex parses and checks every entry: about two seconds for 10,000) and the data (the strict YAML
reading and the JSON Schema check of every record and finding: about seven seconds for 10,000 records and 30,000
findings, on one core). Each depends only on its own files, so worker processes make them, with the loaders'
own functions, and this process puts what they made in the cache tables, under the keys the check then looks up,
as if an earlier run had kept it: the messages, their places and their order are the loaders' own.

Nothing depends on the workers: a job that fails (or a worker that cannot start) leaves its files to the loader,
which reads them here and gives their messages. Small reviews are read here too: starting a process costs more
than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.evidence.model import read_data_file, reading_kind
from review_publisher.evidence.reading_cache import TABLE as READINGS
from review_publisher.evidence.reading_cache import encode, reading_key
from review_publisher.files import MIB, plain_file_size
from review_publisher.gc_pause import collection_paused

# Below this much to read, a worker's start (a fresh interpreter importing the loaders, about 0.2 s) costs more
# than the reading it takes over (about 0.4 s for each MiB of YAML, 0.7 s for each MiB of BibTeX).
SMALLEST_WORTH_A_PROCESS = 2 * MIB


@dataclass(frozen=True)
class Job:
    """One part to make in a worker: ``work(*arguments)`` gives the value kept under ``key`` in ``table``."""

    size: int  # bytes to read: the largest jobs start first, so that the workers end together
    table: str
    key: str
    work: Callable[..., Any]
    arguments: tuple


@dataclass
class ReadAhead:
    """Jobs under way."""

    executor: ProcessPoolExecutor
    pending: list[tuple[Job, Future]]

    def collect(self, disk: DiskCache) -> int:
        """Wait for the workers and keep what they made; returns how many jobs gave a value."""
        kept = 0
        for job, future in self.pending:
            try:
                value = future.result()
            except Exception:  # noqa: BLE001 - a worker's failure only means the loader reads the files itself
                continue
            if value is not None:
                disk.table(job.table).put(job.key, value)
                kept += 1
        self.executor.shutdown()
        return kept


def read_ahead(jobs: list[Job], workers: int | None = None) -> ReadAhead | None:
    """Start the jobs in other processes; None when there is too little to read for that to pay, when this
    machine has one core, or when no process could be started."""
    cores = os.cpu_count() or 1
    if not jobs or sum(job.size for job in jobs) < SMALLEST_WORTH_A_PROCESS or (cores < 2 and workers is None):
        return None
    # As many workers as cores, beside this process: on two cores that was faster than one worker (10.5 and
    # 12.1 s against 12.2 and 13.8 s for a cold check of 10,000 sources), since this process waits at the end.
    count = workers or min(len(jobs), cores)
    try:
        # "spawn": a fresh interpreter, never a copy of this process (which may run a server's threads)
        executor = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
        pending = [(job, executor.submit(job.work, *job.arguments))
                   for job in sorted(jobs, key=lambda job: -job.size)]
    except (OSError, RuntimeError):
        return None
    return ReadAhead(executor, pending)


def data_jobs(files: list[tuple[Path, str, tuple[str, ...]]], relative: Callable[[Path], str],
              disk: DiskCache) -> list[Job]:
    """A job for each data file (path, schema, facets) whose reading is not kept; none when they are too small
    to be worth a process (the readings kept for builds, a large table, are then not even opened)."""
    if files_size([path for path, _, _ in files]) < SMALLEST_WORTH_A_PROCESS:
        return []
    table = disk.table(READINGS)
    jobs = []
    for path, schema, facets in files:
        size = plain_file_size(path)
        if size is None:
            continue  # missing, a link or too large: the loader says so
        shown_as = relative(path)
        key = reading_key(disk, reading_kind(schema, facets), shown_as, path.read_bytes())
        if table.get(key) is None:
            jobs.append(Job(size, READINGS, key, read_encoded, (str(path), schema, shown_as, facets)))
    return jobs


def read_encoded(path: str, schema: str, shown_as: str, facets: tuple[str, ...]) -> Any:
    """In a worker: a data file's reading as the readings table keeps it, or None when JSON cannot hold it."""
    with collection_paused():  # as in the loader (gc_pause.py): what is read all stays until it is sent
        loaded, problems = read_data_file(Path(path), schema, shown_as, schema == "sources", facets)
        return encode(loaded, problems)


def files_size(paths: list[Path]) -> int:
    return sum(plain_file_size(path) or 0 for path in paths)
