"""Find leaked credentials in whatever the service wrote: texts, files, directory trees, SQLite.

Reports every occurrence of

- a known secret value (as given, and URL-encoded),
- `Bearer <token>` and `Basic <credentials>` (`Bearer ***` is the redacted form and not a hit),
- `access_token` (any case: no output of ours should ever name the OAuth2 field),
- a JWT (`eyJ….….…`), the shape of real HMPPS access tokens,

each with where it was found. Excerpts mask every hit, so a report never repeats a secret.

Files are read as bytes in large chunks and searched with `bytes.find` (C speed) before any
regex runs, so a few hundred MB take seconds. SQLite files (found by their header, whatever the
extension) are read row by row through `sqlite3`, zlib-compressed blobs (Dagster snapshots)
inflated first; `.gz` files are read through gzip. From a shell, e.g. after a soak:

    .venv/bin/python -m tests.secret_scan .local/ soak-logs/ --secrets-from-env --secret VALUE

exits 1 and lists the hits if there are any.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import io
import os
import re
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

MIN_SECRET_LENGTH = 6
CHUNK_SIZE = 16 * 1024 * 1024
CONTEXT = 40
SQLITE_HEADER = b"SQLite format 3\x00"
SKIPPED_SUFFIXES = ("-shm",)  # SQLite's shared-memory index holds no row data

BEARER = re.compile(rb"(?i)bearer\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}")
BASIC = re.compile(rb"(?i)basic\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}")
JWT = re.compile(rb"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# (kind, word to find in the lower-cased buffer, regex that must match there or None)
LOWERED_PROBES: tuple[tuple[str, bytes, re.Pattern[bytes] | None], ...] = (
    ("bearer", b"bearer", BEARER),
    ("basic", b"basic", BASIC),
    ("access_token", b"access_token", None),
)


@dataclass(frozen=True)
class Hit:
    """One finding: what kind, where (file, `file::table.column#rowid`, or a text's label)."""

    kind: str
    where: str
    offset: int  # byte offset (UTF-8) within the file or value
    line: int  # 1-based line within the file or value
    excerpt: str  # surrounding text, every hit in it replaced by `[kind]`

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.kind}: {self.excerpt}"


class SecretScanner:
    """Scans texts, files and trees for the given secrets and for credential patterns."""

    def __init__(self, secrets: Iterable[str], chunk_size: int = CHUNK_SIZE) -> None:
        needles: set[bytes] = set()
        for secret in secrets:
            if len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(
                    f"a secret of {len(secret)} characters would match everywhere; "
                    f"pass values of at least {MIN_SECRET_LENGTH}"
                )
            needles.update({secret.encode(), quote(secret, safe="").encode()})
        self._needles = sorted(needles, key=len, reverse=True)
        self._overlap = max([4096, *(len(n) + 16 for n in self._needles)])
        self._chunk_size = max(chunk_size, 2 * self._overlap)

    def scan_text(self, text: str | bytes, where: str) -> list[Hit]:
        """Every hit in one text (a log, a JSON dump, a DLQ body)."""
        data = text.encode() if isinstance(text, str) else text
        return self._scan_buffer(data, where)

    def scan_path(self, path: str | os.PathLike[str]) -> list[Hit]:
        """A file, or every file under a directory."""
        path = Path(path)
        return self.scan_tree(path) if path.is_dir() else self.scan_file(path)

    def scan_tree(self, root: str | os.PathLike[str]) -> list[Hit]:
        """Every file under `root` (symlinked directories are not followed)."""
        hits: list[Hit] = []
        for directory, subdirectories, files in os.walk(root):
            subdirectories.sort()
            for name in sorted(files):
                path = Path(directory, name)
                if not name.endswith(SKIPPED_SUFFIXES) and path.is_file():
                    hits += self.scan_file(path)
        return hits

    def scan_file(self, path: str | os.PathLike[str]) -> list[Hit]:
        """One file: SQLite row by row, gzip decompressed, anything else as raw bytes."""
        path = Path(path)
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        if header == SQLITE_HEADER:
            try:
                return self._scan_sqlite(path)
            except sqlite3.DatabaseError:
                pass  # unreadable as a database: fall back to its bytes
        if header.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as stream:
                return self._scan_stream(stream, str(path))
        with path.open("rb") as stream:
            return self._scan_stream(stream, str(path))

    def _scan_sqlite(self, path: Path) -> list[Hit]:
        hits: list[Hit] = []
        uri = f"{path.resolve().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            connection.text_factory = bytes
            tables = [
                row[0].decode()
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
            for table in tables:
                hits += self._scan_table(connection, path, table)
        return hits

    def _scan_table(self, connection: sqlite3.Connection, path: Path, table: str) -> list[Hit]:
        quoted = '"' + table.replace('"', '""') + '"'
        try:
            cursor = connection.execute(f"SELECT rowid, * FROM {quoted}")  # noqa: S608
            columns = [d[0] for d in cursor.description][1:]
            rows: Iterator[tuple[object, ...]] = iter(cursor)
        except sqlite3.OperationalError:  # WITHOUT ROWID table: number the rows instead
            cursor = connection.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            columns = [d[0] for d in cursor.description]
            rows = ((number, *row) for number, row in enumerate(cursor, 1))
        hits: list[Hit] = []
        for rowid, *values in rows:
            for column, value in zip(columns, values, strict=True):
                if isinstance(value, bytes) and value:
                    where = f"{path}::{table}.{column}#{rowid}"
                    hits += self._scan_buffer(_inflated(value), where)
        return hits

    def _scan_stream(self, stream: io.BufferedIOBase, where: str) -> list[Hit]:
        hits: list[Hit] = []
        carry = b""
        base = 0  # offset of carry[0] in the file
        lines = 0  # newlines before carry[0]
        while True:
            data = stream.read(self._chunk_size)
            buffer = carry + data
            final = not data
            limit = len(buffer) if final else max(len(buffer) - self._overlap, 0)
            hits += self._scan_buffer(buffer, where, base, lines, limit)
            if final:
                return hits
            lines += buffer.count(b"\n", 0, limit)
            base += limit
            carry = buffer[limit:]

    def _scan_buffer(
        self,
        buffer: bytes,
        where: str,
        base: int = 0,
        lines: int = 0,
        limit: int | None = None,
    ) -> list[Hit]:
        """Hits starting before `limit` (the rest of `buffer` is the overlap with the next)."""
        limit = len(buffer) if limit is None else limit
        found = sorted(self._find(buffer))
        if not found:
            return []
        starts = [start for start, _, _ in found]
        longest = max(end - start for start, end, _ in found)
        hits: list[Hit] = []
        counted_to, line = 0, lines + 1
        for start, end, kind in found:
            if start >= limit:
                break
            line += buffer.count(b"\n", counted_to, start)
            counted_to = start
            excerpt = _excerpt(buffer, (start, end, kind), found, starts, longest)
            hits.append(Hit(kind, where, base + start, line, excerpt))
        return hits

    def _find(self, buffer: bytes) -> Iterator[tuple[int, int, str]]:
        for needle in self._needles:
            yield from ((s, s + len(needle), "secret") for s in _positions(buffer, needle))
        lowered = buffer.lower()
        for kind, word, pattern in LOWERED_PROBES:
            for start in _positions(lowered, word):
                if pattern is None:
                    yield start, start + len(word), kind
                elif match := pattern.match(buffer, start):
                    yield start, match.end(), kind
        for start in _positions(buffer, b"eyJ"):
            if match := JWT.match(buffer, start):
                yield start, match.end(), "jwt"


def _positions(buffer: bytes, needle: bytes) -> Iterator[int]:
    start = buffer.find(needle)
    while start >= 0:
        yield start
        start = buffer.find(needle, start + 1)


def _excerpt(
    buffer: bytes,
    hit: tuple[int, int, str],
    found: list[tuple[int, int, str]],
    starts: list[int],
    longest: int,
) -> str:
    """Context around one hit with every hit that touches the window masked."""
    start, end, kind = hit
    low, high = max(start - CONTEXT, 0), min(end + CONTEXT, len(buffer))
    first = bisect.bisect_left(starts, low - longest)  # no hit starting earlier reaches `low`
    pieces: list[bytes] = []
    cursor = low
    for other_start, other_end, other_kind in found[first:]:
        if other_start >= high:
            break
        if other_end <= cursor:
            continue
        pieces.append(buffer[cursor : max(other_start, cursor)])
        pieces.append(f"[{other_kind}]".encode())
        cursor = max(cursor, other_end)
    pieces.append(buffer[cursor:high] if cursor < high else b"")
    text = b"".join(pieces).decode("utf-8", errors="replace")
    return " ".join(text.split()) or f"[{kind}]"


def _inflated(value: bytes) -> bytes:
    """A zlib-compressed blob (Dagster snapshots) inflated; anything else as it is."""
    if value[:1] == b"x":
        try:
            return zlib.decompress(value)
        except zlib.error:
            pass
    return value


def scan(
    texts: Mapping[str, str | bytes] | None = None,
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    secrets: Iterable[str],
) -> list[Hit]:
    """Every hit in the labelled `texts` and in the files/trees at `paths`."""
    scanner = SecretScanner(secrets)
    hits: list[Hit] = []
    for where, text in (texts or {}).items():
        hits += scanner.scan_text(text, where)
    for path in paths:
        hits += scanner.scan_path(path)
    return hits


def main(argv: list[str] | None = None) -> int:
    """CLI: print every hit under the given paths; exit 1 if there is one."""
    parser = argparse.ArgumentParser(prog="python -m tests.secret_scan", description=__doc__)
    parser.add_argument("paths", nargs="+", help="files or directories to scan")
    parser.add_argument("--secret", action="append", default=[], help="a secret value")
    parser.add_argument(
        "--secrets-from-env",
        action="store_true",
        help="also every *_CLIENT_SECRET, *_TOKEN and *_PASSWORD environment value",
    )
    args = parser.parse_args(argv)
    if missing := [path for path in args.paths if not os.path.exists(path)]:
        parser.error(f"no such file or directory: {', '.join(missing)}")
    secrets = list(args.secret)
    if args.secrets_from_env:
        from dagster_project.telemetry import secret_values

        secrets += sorted(secret_values())
    hits = scan(paths=args.paths, secrets=secrets)
    sys.stdout.writelines(f"{hit}\n" for hit in hits)
    sys.stderr.write(f"{len(hits)} hit(s) in {', '.join(args.paths)}\n")
    return 1 if hits else 0


if __name__ == "__main__":
    sys.exit(main())
