"""With nothing kept, `review check` reads the library and the data files in other processes
(check/read_ahead.py).

The workers run the loaders' own functions, so the check must give exactly what a build's loading gives, with the
problems in their places; a file a worker cannot read is read by the loader; a small review, and files already
read, are read in this process, as before.
"""

import pytest

from harness import ROOT, copy_site
from test_source_check import checked, loaded


@pytest.fixture
def read_ahead_always(monkeypatch):
    """Read ahead whatever the data's size; counts the files the workers read in each run."""
    from review_publisher.check import read_ahead

    monkeypatch.setattr(read_ahead, "SMALLEST_WORTH_A_PROCESS", {"fork": 0, "spawn": 0})
    counts = []
    collect = read_ahead.ReadAhead.collect

    def counted(self, disk):
        counts.append(collect(self, disk))
        return counts[-1]

    monkeypatch.setattr(read_ahead.ReadAhead, "collect", counted)
    return counts


def _norec_review(tmp_path):
    import shutil

    site = tmp_path / "review"
    for folder in ("docs", "bibliography", "data", "macros"):
        shutil.copytree(ROOT / folder, site / folder)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    return site


def test_the_workers_read_the_library_and_every_data_file_and_the_check_gives_what_loading_gives(
        tmp_path, read_ahead_always):
    site = _norec_review(tmp_path)
    data_files = 1 + len(list((site / "data" / "findings").glob("*.yml")))  # sources.yml and the findings
    cold = checked(site)
    assert read_ahead_always == [1 + data_files]  # and the library
    assert cold == loaded(site)
    assert checked(site) == cold
    assert read_ahead_always == [1 + data_files]  # the second run knew every file: nothing read ahead


def test_problems_found_in_the_library_by_a_worker_are_the_loaders(tmp_path, read_ahead_always):
    site = _norec_review(tmp_path)
    bib = next((site / "bibliography").glob("*.bib"))
    text = bib.read_text(encoding="utf-8")
    first_title = text.index("title")
    bib.write_text(text[:first_title] + "title = {Unclosed,\n" + text[first_title:], encoding="utf-8")
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{orphan2020, title = {No year}}\n", encoding="utf-8")
    cold = checked(site)
    assert read_ahead_always and read_ahead_always[0] >= 1
    assert cold == loaded(site)
    assert any(problem.path.endswith(".bib") and problem.id.startswith("bib.") for problem in cold)


def test_problems_found_by_the_workers_keep_their_files_lines_and_words(tmp_path, read_ahead_always):
    site = copy_site("second_review", tmp_path)
    sources = site / "data" / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("methods: [field-visits]",
                                                                   "methods: field-visits\n  colour: red"),
                       encoding="utf-8")
    findings = site / "data" / "findings" / "committees.yml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("direction: hinders", "direction: [hinders"),
                        encoding="utf-8")
    cold = checked(site)
    assert read_ahead_always == [3]  # the library, sources.yml and the findings
    assert cold == loaded(site)
    places = {(problem.path, problem.line, problem.id) for problem in cold}
    assert ("data/sources.yml", 3, "data.schema") in places  # methods is a list of terms
    assert ("data/sources.yml", 4, "data.schema") in places  # no field "colour"
    assert any(path == "data/findings/committees.yml" and id_.startswith("data.yaml") for path, _, id_ in places)


def test_an_edited_data_file_is_read_ahead_alone(tmp_path, read_ahead_always):
    site = copy_site("second_review", tmp_path)
    checked(site)
    findings = site / "data" / "findings" / "committees.yml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("spare parts", "spare parts and tools"),
                        encoding="utf-8")
    assert checked(site) == loaded(site)
    assert read_ahead_always == [3, 1]  # then only the edited file


def test_the_entries_a_worker_read_are_kept_and_an_edited_library_is_read_here(tmp_path, read_ahead_always,
                                                                               monkeypatch):
    """The worker sends its entries' outcomes back with the library's part; after an edit only the edited entry is
    parsed, in this process (a worker would cost more than the one entry)."""
    from review_publisher.library import bibliography

    site = _norec_review(tmp_path)
    checked(site)
    assert read_ahead_always[0] >= 1
    parsed = []
    parse = bibliography._parse_entry
    monkeypatch.setattr(bibliography, "_parse_entry", lambda *a, **k: parsed.append(a[2]) or parse(*a, **k))
    bib = next((site / "bibliography").glob("*.bib"))
    text = bib.read_text(encoding="utf-8")
    start = text.index("{", text.lower().index("title")) + 1
    bib.write_text(text[:start] + "Corrected: " + text[start:], encoding="utf-8")
    found = checked(site)
    assert len(parsed) == 1 and read_ahead_always[1:] in ([], [0])
    assert found == loaded(site)


def test_after_a_new_generator_the_library_is_read_ahead_again(tmp_path, read_ahead_always, monkeypatch):
    """The entries' outcomes an older generator kept are never found: the library goes to a worker again, not
    parsed entry by entry in this process while it reads the pages."""
    from review_publisher.cache import disk_cache

    site = _norec_review(tmp_path)
    data_files = 1 + len(list((site / "data" / "findings").glob("*.yml")))
    first = checked(site)
    monkeypatch.setattr(disk_cache, "generator_fingerprint", lambda: b"another generator")
    assert checked(site) == first
    assert read_ahead_always == [1 + data_files, 1 + data_files]


def test_small_data_is_read_in_this_process(tmp_path, monkeypatch):
    from review_publisher.check import read_ahead

    started = []
    monkeypatch.setattr(read_ahead, "ProcessPoolExecutor", lambda *a, **k: started.append(a) or None)
    site = copy_site("second_review", tmp_path)
    assert checked(site) == loaded(site)
    assert started == []  # a few hundred bytes: below SMALLEST_WORTH_A_PROCESS


def test_a_reading_a_worker_could_not_make_is_left_to_the_loader(tmp_path):
    from concurrent.futures import ProcessPoolExecutor

    from review_publisher.cache.disk_cache import DiskCache
    from review_publisher.check import read_ahead

    data = tmp_path / "sources.yml"
    data.write_text("a: {}\n", encoding="utf-8")
    executor = ProcessPoolExecutor(max_workers=1)
    # A schema that does not exist: the worker raises, as it would on input nobody expected.
    job = read_ahead.Job(7, (("data-facts", "a key"), ("readings", "some key")), read_ahead.read_facts,
                         (str(data), "no-such-schema", "data/sources.yml", (), True))
    failing = executor.submit(job.work, *job.arguments)
    disk = DiskCache(tmp_path / "cache", secret=b"s" * 32)
    assert read_ahead.ReadAhead(executor, [(job, failing)]).collect(disk) == 0
    assert disk.table("readings").get("some key") is None
    assert disk.table("data-facts").get("a key") is None


def test_a_worker_that_cannot_start_leaves_everything_to_the_loader(tmp_path, monkeypatch, read_ahead_always):
    from review_publisher.check import read_ahead

    def refuse(*arguments, **options):
        raise OSError("no more processes")

    monkeypatch.setattr(read_ahead, "ProcessPoolExecutor", refuse)
    site = copy_site("second_review", tmp_path)
    assert checked(site) == loaded(site)
    assert read_ahead_always == []


def test_a_first_check_keeps_the_readings_for_the_build_and_a_check_after_an_edit_leaves_them(
        tmp_path, read_ahead_always, monkeypatch):
    """A first check's workers send each data file's reading too, which the build then uses; after an edit the
    worker sends the edited file's facts alone, so the check does not read and write the builds' large table of
    readings for it (that was most of such a check's time at 10,000 sources)."""
    import json

    from review_publisher.cache.disk_cache import CACHE_FOLDER
    from review_publisher.check import source_check

    outputs = []
    start = source_check.read_ahead
    monkeypatch.setattr(source_check, "read_ahead",
                        lambda jobs: outputs.append([table for job in jobs for table, _ in job.outputs]) or start(jobs))
    site = copy_site("second_review", tmp_path)
    first = checked(site)
    readings = site / CACHE_FOLDER / "readings.json"
    assert len(json.loads(readings.read_text(encoding="utf-8"))) >= 2  # sources.yml and the findings, at least
    assert first == loaded(site)
    findings = site / "data" / "findings" / "committees.yml"
    findings.write_text(findings.read_text(encoding="utf-8").replace("spare parts", "spare parts and tools"),
                        encoding="utf-8")
    assert checked(site) == loaded(site)
    assert read_ahead_always == [3, 1]
    assert outputs[0].count("readings") == 2 and outputs[0].count("data-facts") == 2
    assert outputs[1] == ["data-facts"]


def test_a_copy_of_this_process_works_only_where_it_runs_one_thread():
    import subprocess
    import sys
    import threading

    from review_publisher.check import read_ahead

    alone = subprocess.run([sys.executable, "-c", "from review_publisher.check import read_ahead; "
                            "print(read_ahead._start_method())"], capture_output=True, text=True, check=True)
    assert alone.stdout.strip() == "fork"  # a fresh process, as `review check` is: one thread
    release = threading.Event()
    server = threading.Thread(target=release.wait)
    server.start()
    try:
        assert read_ahead._start_method() == "spawn"
        assert not read_ahead.worth_a_process(read_ahead.SMALLEST_WORTH_A_PROCESS["fork"])
    finally:
        release.set()
        server.join()
