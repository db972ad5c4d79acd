"""What `review check` reads in other processes while it reads the pages itself, when nothing of it is kept.

With nothing kept (a fresh clone, a deleted cache, a new generator), a large review's check is mostly reading:
the library (pybtex parses and checks every entry: about two seconds for 10,000) and the data (the strict YAML
reading and the JSON Schema check of every record and finding: about seven seconds for 10,000 records and 30,000
findings, on one core). After an edit, it is the edited file (about half a second for a file of 5,000 findings).
Each depends only on its own files, so worker processes make them, with the loaders' own functions, and this
process puts what they made in the cache tables, under the keys the check then looks up, as if an earlier run had
kept it: the messages, their places and their order are the loaders' own. This process waits for a job only when
it comes to the part the job makes, so it decodes what is kept meanwhile.

A data file's job gives the facts the check keeps (evidence/file_facts.py); on a first check it also gives the
file's reading, which the build after it uses (evidence/reading_cache.py).

Nothing depends on the workers: a job that fails (or a worker that cannot start) leaves its files to the loader,
which reads them here and gives their messages. Small reviews are read here too: starting a process costs more
than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from review_publisher.cache.disk_cache import DiskCache
from review_publisher.evidence.file_facts import TABLE as FACTS
from review_publisher.evidence.file_facts import encoded as encoded_facts
from review_publisher.evidence.file_facts import facts_of
from review_publisher.evidence.model import read_data_file, reading_kind
from review_publisher.evidence.reading_cache import TABLE as READINGS
from review_publisher.evidence.reading_cache import encode, reading_key
from review_publisher.files import MIB, plain_file_size
from review_publisher.gc_pause import collection_paused

# Below this much to read, starting a worker costs more than the reading it takes over (about 0.4 s for each MiB
# of YAML, 0.7 s for each MiB of BibTeX), by how it starts (_start_method): a fresh interpreter importing the
# check's modules takes about 0.5 s, a copy of this process a few milliseconds.
SMALLEST_WORTH_A_PROCESS = {"fork": MIB, "spawn": 2 * MIB}


@dataclass(frozen=True)
class Job:
    """One part to make in a worker: ``work(*arguments)`` gives a value for each (table, key) of ``outputs``, in
    their order; a value of None is not kept."""

    size: int  # bytes to read: the largest jobs start first, so that the workers end together
    outputs: tuple[tuple[str, str], ...]
    work: Callable[..., tuple]
    arguments: tuple


@dataclass
class ReadAhead:
    """Jobs under way; each is waited for when its value is first needed, so that this process goes on with what
    it has while a worker reads an edited file."""

    executor: ProcessPoolExecutor
    pending: list[tuple[Job, Future]]
    kept: int = 0  # how many jobs gave a value

    def makes(self, table: str, key: str) -> bool:
        return any((table, key) in job.outputs for job, _ in self.pending)

    def wait_for(self, disk: DiskCache, table: str, key: str) -> None:
        """Keep what the job that makes (table, key) made, once it is done; nothing if no job makes it."""
        for index, (job, future) in enumerate(self.pending):
            if (table, key) in job.outputs:
                del self.pending[index]
                self._keep(disk, job, future)
                return

    def collect(self, disk: DiskCache) -> int:
        """Wait for the jobs not waited for yet and keep what they made; returns how many jobs gave a value."""
        while self.pending:
            self._keep(disk, *self.pending.pop(0))
        self.executor.shutdown()
        return self.kept

    def _keep(self, disk: DiskCache, job: Job, future: Future) -> None:
        try:
            values = future.result()
        except Exception:  # noqa: BLE001 - a worker's failure only means the loader reads the files itself
            return
        if not isinstance(values, tuple) or len(values) != len(job.outputs) or values[0] is None:
            return
        for (table, key), value in zip(job.outputs, values, strict=True):
            if value is not None:
                disk.table(table).put(key, value)
        self.kept += 1


def read_ahead(jobs: list[Job], workers: int | None = None) -> ReadAhead | None:
    """Start the jobs in other processes; None when there is too little to read for that to pay, when this
    machine has one core, or when no process could be started."""
    cores = os.cpu_count() or 1
    if not jobs or not worth_a_process(sum(job.size for job in jobs)) or (cores < 2 and workers is None):
        return None
    # As many workers as cores, beside this process: on two cores that was faster than one worker (10.5 and
    # 12.1 s against 12.2 and 13.8 s for a cold check of 10,000 sources), since this process waits at the end.
    count = workers or min(len(jobs), cores)
    try:
        executor = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(_start_method()))
        pending = [(job, executor.submit(job.work, *job.arguments))
                   for job in sorted(jobs, key=lambda job: -job.size)]
    except (OSError, RuntimeError):
        return None
    return ReadAhead(executor, pending)


def data_jobs(files: list[tuple[Path, str, str, tuple[str, ...]]], relative: Callable[[Path], str],
              disk: DiskCache, keep_readings: bool) -> list[Job]:
    """A job for each data file (path, the key of its facts, schema, facets) whose facts are not kept; none when
    they are too small to be worth a process.

    With ``keep_readings`` (nothing of the data is kept: a first check, whose build comes next) the workers also
    send each file's reading, for the build; otherwise a check after an edit would read and write the builds'
    large table of readings (33 MB at 10,000 sources) for the one file it changed."""
    if not worth_a_process(files_size([path for path, _, _, _ in files])):
        return []
    jobs = []
    for path, facts_key, schema, facets in files:
        size = plain_file_size(path)
        if size is None:
            continue  # missing, a link or too large: the loader says so
        shown_as = relative(path)
        outputs: tuple[tuple[str, str], ...] = ((FACTS, facts_key),)
        if keep_readings:
            outputs += ((READINGS, reading_key(disk, reading_kind(schema, facets), shown_as, path.read_bytes())),)
        jobs.append(Job(size, outputs, read_facts, (str(path), schema, shown_as, facets, keep_readings)))
    return jobs


def read_facts(path: str, schema: str, shown_as: str, facets: tuple[str, ...], with_reading: bool) -> tuple:
    """In a worker: a data file's facts as the check keeps them, and with ``with_reading`` its reading as the
    readings table keeps it (None when JSON cannot hold it)."""
    with collection_paused():  # as in the loader (gc_pause.py): what is read all stays until it is sent
        loaded, problems = read_data_file(Path(path), schema, shown_as, schema == "sources", facets)
        facts = encoded_facts(facts_of(schema, shown_as, loaded, problems, facets))
        return (facts, encode(loaded, problems)) if with_reading else (facts,)


def files_size(paths: list[Path]) -> int:
    return sum(plain_file_size(path) or 0 for path in paths)


def worth_a_process(size: int) -> bool:
    """Whether reading this many bytes in other processes pays, as they would start now."""
    return size >= SMALLEST_WORTH_A_PROCESS[_start_method()]


def _start_method() -> str:
    """"fork" where this process runs one thread (`review check`): the worker starts with the loaders imported,
    in milliseconds; else "spawn", a fresh interpreter, never a copy of a process that runs a server's threads."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"
