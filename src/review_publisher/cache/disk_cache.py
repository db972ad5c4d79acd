"""Results kept on disk between builds, so that a rebuild redoes only what changed.

One folder per review, ``.review-cache/`` (ignored by git, safe to delete: deleting it costs time, never
correctness). Each result is stored under a key made from everything it depends on: the content it was made
from, the generator's own files, and the versions of Python and of the libraries that made it. A changed input is
a new key, so a stale result is never served.

Keys are HMAC-SHA256 digests under a secret of this machine, kept outside the review (in the user's cache
folder). A cache file that arrives with a pull request was made with another secret: it holds no key this machine
would ever look up, so nobody can plant a result (a page "already passed" by the allow-list, a reference) in
somebody else's build.

Each kind of result is a table, one JSON file. A table that is saved keeps only what this build looked up or
stored, so the folder does not grow with every edit.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from review_publisher.gc_pause import collection_paused

CACHE_FOLDER = ".review-cache"
SECRET_FILE = Path("review-publisher") / "cache-secret"
# The libraries whose output is stored: a new version of any of them makes every key new.
LIBRARIES = ("citeproc-py", "jinja2", "jsonschema", "jsonschema-rs", "markdown", "mkdocs", "mkdocs-material", "nh3",
             "pybtex", "pyuca", "pyyaml", "selectolax")
PACKAGE = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=1)
def generator_fingerprint() -> bytes:
    """The generator's own files (code, templates, schemas, styles) and the libraries' versions, as one digest.

    The package's version alone would not do: a generator installed from a working copy keeps its version while
    its code changes."""
    digest = hashlib.sha256(sys.version.encode())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={version(library)};".encode())
        except PackageNotFoundError:
            digest.update(f"{library}=none;".encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.digest()


@functools.lru_cache(maxsize=1)
def machine_secret() -> bytes:
    """This machine's secret, made once; without a writable cache folder, one for this process only."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / SECRET_FILE
    try:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    secret = os.urandom(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.write(secret)
    except FileExistsError:  # another build made it first: use theirs
        return machine_secret.__wrapped__()
    except OSError:
        pass
    return secret


class CacheTable:
    """One kind of result: key -> JSON value."""

    def __init__(self, known: dict[str, Any]) -> None:
        self._known = known
        self._loaded = set(known)
        self._stored = False
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any:
        """The stored value, or None."""
        value = self._known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._known[key] = self.used[key] = value
        self._stored = True

    def keep_unused(self) -> None:
        """Keep what this run did not look up as well (a run that looked up only some of the results)."""
        self.used = {**self._known, **self.used}

    def needs_saving(self) -> bool:
        return self._stored or self.used.keys() != self._loaded


@dataclass(frozen=True)
class Verdicts:
    """Results of one kind, each stored under ``key(text)``: the text it was made from (a page's HTML), or its
    UTF-8 bytes, which have the same key."""

    table: CacheTable
    key: Callable[[str | bytes], str]


class DiskCache:
    """A review's cache folder; ``folder=None`` keeps results for this build only (nothing is written)."""

    def __init__(self, folder: Path | None, secret: bytes | None = None) -> None:
        self.folder = folder
        self._secret = secret if secret is not None else machine_secret()
        self._tables: dict[str, CacheTable] = {}

    @classmethod
    def for_review(cls, root: Path) -> DiskCache:
        return cls(root / CACHE_FOLDER)

    def key(self, kind: str, *parts: str | bytes) -> str:
        """The key of a result of this kind made from these parts (and from this generator)."""
        mac = hmac.new(self._secret, generator_fingerprint() + kind.encode(), hashlib.sha256)
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            mac.update(len(data).to_bytes(8, "big") + data)  # lengths first: ("ab", "c") is not ("a", "bc")
        return mac.hexdigest()[:40]

    def verdicts(self, kind: str, *context: str | bytes) -> Verdicts:
        """The table ``kind``, keyed by the text a result was made from and what else it depends on."""
        return Verdicts(self.table(kind), lambda text: self.key(kind, *context, text))

    def table(self, name: str) -> CacheTable:
        if name not in self._tables:
            self._tables[name] = CacheTable(_read(self.folder / f"{name}.json") if self.folder is not None else {})
        return self._tables[name]

    def release(self, name: str) -> None:
        """Write a table this build has finished with and let it go, so that it does not stay in memory for the
        rest of the build (asking for it again reads what was written)."""
        table = self._tables.pop(name, None)
        if table is not None:
            self._write(name, table)

    def save(self, only: tuple[str, ...] | None = None, whole: tuple[str, ...] = ()) -> None:
        """Write every table this run used (or only those named), with only what it used (the tables named in
        ``whole``: with what they held too); a read-only checkout simply keeps none."""
        for name, table in self._tables.items():
            if name in whole:
                table.keep_unused()
            if only is None or name in only:
                self._write(name, table)

    def _write(self, name: str, table: CacheTable) -> None:
        if self.folder is not None and table.needs_saving():
            _write(self.folder / f"{name}.json", table.used)


def _read(path: Path) -> dict[str, Any]:
    try:
        with collection_paused():  # a table holds hundreds of thousands of values that all stay (gc_pause.py)
            data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or damaged: only a slower build
    return {key: value for key, value in data.items() if isinstance(key, str)} if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    """Written whole to a temporary file and moved into place, so a build that stops never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            # json.dumps, not json.dump: only a whole-string encoding uses the C encoder (ten times faster)
            file.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only checkout builds without a cache
