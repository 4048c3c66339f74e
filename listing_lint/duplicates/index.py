"""A persisted duplicate index: check one new listing against a published catalog before publishing it.

    index = DuplicateIndex.build(listings, "catalog.idx")      # or: listing-lint index build CATALOG -o catalog.idx
    index = open_index("catalog.idx", Lexicon(config.dictionaries))  # IndexOpenError if it cannot be used
    index.query(listing)        # → ids of catalog listings of the same shop that are the same goods
    index.add(new_listings)     # or: listing-lint index add NEW --index catalog.idx

One SQLite file (the embedded default: no server, safe to copy). It keeps, per listing, the matching body and
signature (see :mod:`.features`) and its *bucket* (shop × title variants): only listings of one bucket can be
duplicates, so a query reads one bucket. A bucket of more than ``brute_force_max`` listings also keeps each
member's LSH band keys, and a query then reads only the members sharing ``min_bands`` bands with it, as the
catalog grouping does (see :mod:`.grouping`). A query costs a few indexed reads whatever the catalog's size.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np

from . import minhash
from .features import Features, Summary, compared_text, title_part
from .grouping import GroupingOptions, pair_similarity, same_goods

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from ..listing import Listing

FORMAT = "listing-lint duplicate index"
VERSION = 2
_BATCH = 5000

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE buckets (
    code INTEGER PRIMARY KEY,
    shop TEXT NOT NULL,
    variants TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    banded INTEGER NOT NULL DEFAULT 0,
    UNIQUE (shop, variants)
);
CREATE TABLE listings (
    row INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    bucket INTEGER NOT NULL,
    body TEXT NOT NULL,
    signature TEXT NOT NULL,
    banded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX listings_by_bucket ON listings (bucket);
CREATE TABLE bands (key INTEGER NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (key, row)) WITHOUT ROWID;
"""


def bucket_hash(shop: str, variants: str) -> int:
    """A stable 63-bit number for a bucket (band keys mix it in, so they mean the same in every process)."""
    digest = hashlib.blake2b(f"{shop}\x1f{variants}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


class IndexOpenError(ValueError):
    """A file given as a duplicate index cannot be used: missing, unreadable, not an index, or of another version.
    The message says which, in words for the user."""


def open_index(path: str | os.PathLike, lexicon: "Lexicon") -> "DuplicateIndex":
    """The index at ``path``, summarizing the listings it is asked about with ``lexicon`` (the configuration's
    dictionaries: the ones ``index build`` and ``index add`` use). Raises :class:`IndexOpenError`."""
    return DuplicateIndex.open(path, lexicon=lexicon)


def _connect(path: str | os.PathLike, *, create: bool = False) -> sqlite3.Connection:
    """A connection to the index file at ``path`` (``create``: a new file; otherwise it must exist)."""
    if create:
        return sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, check_same_thread=False, isolation_level=None)


def _stored_options(connection: sqlite3.Connection) -> GroupingOptions:
    """The options the index was built with; IndexOpenError when the file is not an index of this version."""
    try:
        rows = dict(connection.execute("SELECT key, value FROM meta"))
    except sqlite3.Error as exc:
        raise IndexOpenError(f"不是 listing-lint 重复铺货索引 ({exc})") from None
    if rows.get("format") != FORMAT:
        raise IndexOpenError("不是 listing-lint 重复铺货索引")
    if rows.get("version") != str(VERSION):
        raise IndexOpenError(f"索引版本 {rows.get('version')} 不受支持 (需要 {VERSION}); 请重新 listing-lint index build")
    try:
        return GroupingOptions(**json.loads(rows["options"]))
    except (KeyError, TypeError, ValueError):  # a damaged or hand-edited meta table
        raise IndexOpenError("索引中的选项无法读取; 请重新 listing-lint index build") from None


def _as_listing(item: "Listing | Mapping[str, Any]") -> "Listing":
    from ..listing import Listing

    return item if isinstance(item, Listing) else Listing(item)


class DuplicateIndex:
    """See the module doc. Thread-safe; pickles as its path (spawned linter workers reopen it) and, in a forked
    process, opens its own connection on first use (see :meth:`_connected`)."""

    def __init__(self, path: str | os.PathLike, connection: sqlite3.Connection, options: GroupingOptions,
                 lexicon: "Lexicon | None" = None):
        self.path = str(path)
        self.options = options
        self._connection = connection
        self._pid = os.getpid()  # the process that opened _connection
        self._inherited: list[sqlite3.Connection] = []
        self._lexicon = lexicon
        self._features: Features | None = None
        self._lock = threading.Lock()

    # -- opening ----------------------------------------------------------------------------------

    @classmethod
    def build(cls, listings: Iterable["Listing | Mapping[str, Any]"], path: str | os.PathLike, *,
              lexicon: "Lexicon | None" = None, options: Mapping[str, Any] | None = None) -> "DuplicateIndex":
        """A new index at ``path`` (replacing any file there) holding ``listings``."""
        from ..lexicon import Lexicon

        lexicon = lexicon or Lexicon()
        grouping = GroupingOptions.from_config(lexicon, options)
        target = Path(path)
        temporary = target.with_name(target.name + ".building")
        temporary.unlink(missing_ok=True)
        connection = _connect(temporary, create=True)
        try:
            connection.executescript(_SCHEMA)
            meta = {"format": FORMAT, "version": str(VERSION), "options": json.dumps(grouping.__dict__)}
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            index = cls(temporary, connection, grouping, lexicon)
            index.add(listings)
            connection.execute("ANALYZE")
            connection.close()
        except BaseException:
            connection.close()
            temporary.unlink(missing_ok=True)
            raise
        os.replace(temporary, target)
        return cls.open(target, lexicon=lexicon)

    @classmethod
    def open(cls, path: str | os.PathLike, *, lexicon: "Lexicon | None" = None) -> "DuplicateIndex":
        """An existing index (see :func:`open_index`). Raises :class:`IndexOpenError`."""
        target = Path(path)
        if not target.is_file():
            raise IndexOpenError(f"重复铺货索引文件不存在: {target}")
        try:
            connection = _connect(target)
        except sqlite3.Error as exc:
            raise IndexOpenError(f"无法打开重复铺货索引 ({exc})") from None
        try:
            options = _stored_options(connection)
        except IndexOpenError:
            connection.close()
            raise
        return cls(target, connection, options, lexicon)

    def _connected(self) -> sqlite3.Connection:
        """This process's connection (call it holding ``_lock``). SQLite connections must not be used across
        fork(), and forked linter workers (``check --index X --jobs N``) inherit an index the parent has already
        queried: in another process than the one that opened it, this opens a new connection to the same file.
        The inherited one is kept, never used nor closed here (closing it would touch the parent's file state)."""
        if self._pid != os.getpid():
            self._inherited.append(self._connection)
            self._connection = _connect(self.path)
            self._pid = os.getpid()
        return self._connection

    def close(self) -> None:
        if self._pid == os.getpid():  # a forked process that never used the index leaves the parent's alone
            self._connection.close()

    def __enter__(self) -> "DuplicateIndex":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "lexicon": self._lexicon}

    def __setstate__(self, state: dict[str, Any]) -> None:
        other = DuplicateIndex.open(state["path"], lexicon=state["lexicon"])
        self.__dict__.update(other.__dict__)

    def __len__(self) -> int:
        with self._lock:
            return self._connected().execute("SELECT COUNT(*) FROM listings").fetchone()[0]

    @property
    def features(self) -> Features:
        if self._features is None:
            from ..lexicon import Lexicon

            self._features = Features(self._lexicon or Lexicon())
        return self._features

    # -- adding -----------------------------------------------------------------------------------

    def add(self, listings: Iterable["Listing | Mapping[str, Any]"]) -> int:
        """Add (or replace, by id) listings; returns how many were stored (listings without a title are not)."""
        stored = 0
        batch: list[tuple[str, str, Summary]] = []
        with self._lock:
            connection = self._connected()
            connection.execute("BEGIN")
            try:
                buckets: dict[tuple[str, str], int] = {}
                grown: set[int] = set()
                for item in listings:
                    listing = _as_listing(item)
                    summary = self.features.summarize_listing(listing)
                    if summary is None:
                        continue
                    batch.append((listing.id, listing.shop_id or "", summary))
                    if len(batch) >= _BATCH:
                        stored += self._store(batch, buckets, grown)
                        batch = []
                if batch:
                    stored += self._store(batch, buckets, grown)
                self._band(grown)
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return stored

    def _store(self, batch: list[tuple[str, str, Summary]], buckets: dict[tuple[str, str], int],
               grown: set[int]) -> int:
        connection = self._connection
        ids = [listing_id for listing_id, _, _ in batch]
        self._remove(ids)
        rows = []
        sizes: dict[int, int] = {}
        for listing_id, shop, summary in batch:
            key = (shop, title_part(summary.signature))
            code = buckets.get(key)
            if code is None:
                found = connection.execute("SELECT code FROM buckets WHERE shop = ? AND variants = ?", key).fetchone()
                if found is None:
                    code = connection.execute("INSERT INTO buckets (shop, variants) VALUES (?, ?)", key).lastrowid
                else:
                    code = found[0]
                buckets[key] = code
            sizes[code] = sizes.get(code, 0) + 1
            rows.append((listing_id, code, summary.body, summary.signature))
        connection.executemany("INSERT INTO listings (id, bucket, body, signature) VALUES (?, ?, ?, ?)", rows)
        connection.executemany("UPDATE buckets SET size = size + ? WHERE code = ?",
                               [(count, code) for code, count in sizes.items()])
        grown.update(sizes)
        return len(rows)

    def _remove(self, ids: list[str]) -> None:
        """Forget the listings with these ids (a listing added again replaces its old version)."""
        connection = self._connection
        placeholders = ",".join("?" * len(ids))
        old = connection.execute(
            "SELECT row, bucket, body, signature, listings.banded, shop, variants "
            f"FROM listings JOIN buckets ON code = bucket WHERE id IN ({placeholders})", ids).fetchall()
        for row, _, body, signature, banded, shop, variants in old:
            if banded:  # its band keys are computed again to find them (the table is keyed by band key)
                keys = self._band_keys([compared_text(body, signature)], bucket_hash(shop, variants))[0].tolist()
                connection.executemany("DELETE FROM bands WHERE key = ? AND row = ?", [(key, row) for key in keys])
        connection.executemany("DELETE FROM listings WHERE row = ?", [(row,) for row, *_ in old])
        connection.executemany("UPDATE buckets SET size = size - 1 WHERE code = ?",
                               [(bucket,) for _, bucket, *_ in old])

    def _band(self, codes: set[int]) -> None:
        """Band keys for every member of a bucket that outgrew brute force (the new members of banded ones)."""
        connection = self._connection
        large = self.options.brute_force_max
        for code in sorted(codes):
            shop, variants, size = connection.execute(
                "SELECT shop, variants, size FROM buckets WHERE code = ?", (code,)).fetchone()
            if size <= large:
                continue
            missing = connection.execute("SELECT row, body, signature FROM listings WHERE bucket = ? AND banded = 0",
                                         (code,)).fetchall()
            if missing:
                keys = self._band_keys([compared_text(body, signature) for _, body, signature in missing],
                                       bucket_hash(shop, variants))
                connection.executemany("INSERT OR IGNORE INTO bands VALUES (?, ?)",
                                       ((int(key), row) for (row, _, _), row_keys in zip(missing, keys)
                                        for key in row_keys))
                connection.executemany("UPDATE listings SET banded = 1 WHERE row = ?",
                                       [(row,) for row, _, _ in missing])
            connection.execute("UPDATE buckets SET banded = 1 WHERE code = ?", (code,))

    def _band_keys(self, texts: list[str], group: int) -> np.ndarray:
        """Signed 64-bit band keys (SQLite integers) of ``texts`` in the bucket numbered ``group``."""
        return minhash.text_band_keys(texts, group, self.options).view(np.int64)

    # -- querying ---------------------------------------------------------------------------------

    def query(self, listing: "Listing | Mapping[str, Any]") -> list[str]:
        """Ids of indexed listings of the same shop that are the same goods as ``listing`` (its own id excluded)."""
        listing = _as_listing(listing)
        summary = self.features.summarize_listing(listing)
        if summary is None:
            return []
        shop, variants = listing.shop_id or "", title_part(summary.signature)
        with self._lock:
            connection = self._connected()
            bucket = connection.execute("SELECT code, banded FROM buckets WHERE shop = ? AND variants = ?",
                                        (shop, variants)).fetchone()
            if bucket is None:
                return []
            code, banded = bucket
            if banded:
                keys = self._band_keys([compared_text(summary.body, summary.signature)],
                                       bucket_hash(shop, variants))[0].tolist()
                candidates = connection.execute(
                    f"SELECT id, body, signature FROM listings WHERE row IN (SELECT row FROM bands WHERE key IN "
                    f"({','.join('?' * len(keys))}) GROUP BY row HAVING COUNT(*) >= ?)",
                    (*keys, self.options.min_bands)).fetchall()
            else:
                candidates = connection.execute("SELECT id, body, signature FROM listings WHERE bucket = ?",
                                                (code,)).fetchall()
        candidates = [c for c in candidates if c[0] != listing.id]
        if not candidates:
            return []
        strings = minhash.similarity_strings_of(
            [compared_text(summary.body, summary.signature)]
            + [compared_text(body, signature) for _, body, signature in candidates])
        return [listing_id for (listing_id, body, signature), string in zip(candidates, strings[1:])
                if same_goods(summary.body, summary.signature, body, signature, *pair_similarity(strings[0], string),
                              self.options)]
