"""Character-bigram shingles, MinHash signatures and LSH band keys, vectorised with numpy.

Everything works on many bodies at once: the bodies are joined into one string, read as UTF-32 code points,
and every step after that is an array operation (no Python loop per listing or per shingle).

* :func:`shingles` → one uint32 hash per character bigram of each body, with CSR offsets.
* :func:`minhash` → ``(n, num_perm)`` uint32 minima of ``num_perm`` universal hash permutations.
* :func:`band_keys` → ``(n, bands)`` uint64 keys, each mixing one band of ``rows`` minima with a group code
  (the shop): two listings share a key only when they are of one shop and agree on the whole band.
* :func:`text_band_keys` → the three steps above from texts to band keys: the one pipeline the catalog grouping,
  the persisted index and the Spark jobs all use, so their keys agree.
* :func:`similarity_strings` → per body, its sorted set of bigram codes as a string, so that rapidfuzz's
  Indel ratio of two such strings is the Dice coefficient of the bigram sets (the LCS of two sorted sequences
  is their intersection): order-insensitive, computed in C.

The hash constants are fixed, so every process (linter workers, Spark executors, an index built yesterday)
computes the same signatures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

import numpy as np

if TYPE_CHECKING:
    from .grouping import GroupingOptions

_MASK32 = np.uint64(0xFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
# Rapidfuzz code points for bigram codes: above the ASCII range, skipping the surrogates.
_CODE_SPACE = 1_040_000
_CODE_BASE = 0x100
_SURROGATES = 0xD800


def _splitmix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finalizer: a well-mixed uint64 of each uint64 (wrapping arithmetic is intended)."""
    with np.errstate(over="ignore"):
        z = values + _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX1
        z = (z ^ (z >> np.uint64(27))) * _MIX2
        return z ^ (z >> np.uint64(31))


def shingles(bodies: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """The bigram hashes of every body (uint32, concatenated) and the offsets of each body's run (n + 1).

    A one-character body has one shingle (the character with an end mark), an empty body none.
    """
    if not len(bodies):
        return np.zeros(0, np.uint32), np.zeros(1, np.int64)
    lengths = np.fromiter(map(len, bodies), dtype=np.int64, count=len(bodies))
    if lengths.min() < 2:
        bodies = [b if len(b) != 1 else b + "\x01" for b in bodies]
        lengths = np.where(lengths == 1, 2, lengths)
    points = np.frombuffer("\x00".join(bodies).encode("utf-32-le"), dtype=np.uint32)
    valid = (points[:-1] != 0) & (points[1:] != 0)
    hashes = bigram_hash(points[:-1][valid], points[1:][valid])
    offsets = np.zeros(len(bodies) + 1, np.int64)
    np.cumsum(np.maximum(lengths - 1, 0), out=offsets[1:])
    return hashes, offsets


def bigram_hash(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """A well-mixed uint32 of each pair of code points (murmur3-style multiply/xor-shift, 32-bit arithmetic)."""
    h = first * np.uint32(0xCC9E2D51)
    h ^= second * np.uint32(0x1B873593)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return h


def permutations(num_perm: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Fixed odd multipliers and addends of the hash family ``a·x + b mod 2^32``."""
    rng = np.random.Generator(np.random.PCG64(seed))
    a = rng.integers(1, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
    b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)
    return a, b


def minhash(hashes: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int = 1,
            chunk: int = 1 << 16) -> np.ndarray:
    """``(n, num_perm)`` MinHash signatures; a body without shingles gets all-ones (never shares a band)."""
    n = len(offsets) - 1
    a, b = permutations(num_perm, seed)
    out = np.full((n, num_perm), 0xFFFFFFFF, dtype=np.uint32)
    counts = np.diff(offsets)
    nonempty = np.flatnonzero(counts > 0)
    # Work on slices of whole bodies, ~chunk shingles each, so the (shingles × num_perm) block stays in cache.
    start = 0
    while start < len(nonempty):
        first = offsets[nonempty[start]]
        stop = int(np.searchsorted(offsets[nonempty + 1], first + chunk, side="right"))
        stop = max(stop, start + 1)
        rows = nonempty[start:stop]
        lo, hi = offsets[rows[0]], offsets[rows[-1] + 1]
        block = hashes[lo:hi, None] * a[None, :]
        block += b[None, :]
        out[rows] = np.minimum.reduceat(block, offsets[rows] - lo, axis=0)
        start = stop
    return out


def band_keys(signatures: np.ndarray, groups: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """``(n, bands)`` uint64 keys: band ``j`` of each signature mixed with its group code and ``j``."""
    n = signatures.shape[0]
    keys = np.empty((n, bands), dtype=np.uint64)
    base = _splitmix(groups.astype(np.uint64))
    for band in range(bands):
        key = base ^ np.uint64(band * 0x1000193)
        for column in signatures[:, band * rows:(band + 1) * rows].T:
            key = _splitmix(key ^ column.astype(np.uint64))
        keys[:, band] = key
    return keys


def text_band_keys(texts: Sequence[str], groups: "np.ndarray | int", options: "GroupingOptions") -> np.ndarray:
    """``(n, bands)`` uint64 LSH band keys of ``texts`` (:func:`shingles` → :func:`minhash` → :func:`band_keys`
    with ``options``' ``num_perm``, ``seed``, ``bands`` and ``rows``). ``groups`` is each text's group code, or
    one code for all of them. Every LSH path (catalog grouping, the persisted index, the Spark jobs) calls this,
    so their keys are the same for the same text, group and options."""
    if np.ndim(groups) == 0:
        groups = np.full(len(texts), groups, dtype=np.int64)
    hashes, offsets = shingles(texts)
    signatures = minhash(hashes, offsets, options.num_perm, options.seed)
    del hashes  # the largest array: free it before the keys are made (catalogs of millions)
    return band_keys(signatures, groups, options.bands, options.rows)


def pairs_sharing_keys(keys: np.ndarray, max_bucket: int = 64, min_bands: int = 1) -> np.ndarray:
    """Unique ``(i, j)`` row pairs (i < j, as one uint64 ``i << 32 | j``) that share a key in at least
    ``min_bands`` columns. Asking for two shared bands of two rows instead of one band of three rows gives as
    steep a curve from half as many hash functions.

    A bucket with more than ``max_bucket`` members (hundreds of near-identical template titles) pairs each
    member with its next ``max_bucket`` neighbours only, so one bucket cannot make the work quadratic.
    """
    found = []
    for column in keys.T:
        order = np.argsort(column, kind="stable")  # equal keys keep row order: the cap is reproducible
        ordered = column[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, len(ordered)])
        multi = sizes > 1
        if not multi.any():
            continue
        starts, sizes = starts[multi], sizes[multi]
        # Each member at position q of a bucket pairs with the next min(size-1-q, max_bucket) members.
        member_pos = np.repeat(starts, sizes) + ranges(sizes)
        remaining = np.repeat(sizes, sizes) - 1 - ranges(sizes)
        partners = np.minimum(remaining, max_bucket)
        left = np.repeat(member_pos, partners)
        right = left + 1 + ranges(partners)
        i, j = order[left].astype(np.uint64), order[right].astype(np.uint64)
        found.append(np.where(i < j, (i << np.uint64(32)) | j, (j << np.uint64(32)) | i))
    if not found:
        return np.zeros(0, np.uint64)
    packed = np.sort(np.concatenate(found))
    if not len(packed):
        return packed
    starts = np.flatnonzero(np.r_[True, packed[1:] != packed[:-1]])
    if min_bands > 1:
        starts = starts[np.diff(np.r_[starts, len(packed)]) >= min_bands]
    return packed[starts]


def ranges(sizes: np.ndarray) -> np.ndarray:
    """``[0..sizes[0]), [0..sizes[1]), …`` concatenated."""
    total = int(sizes.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    ends = np.cumsum(sizes)
    out = np.arange(total, dtype=np.int64)
    out -= np.repeat(ends - sizes, sizes)
    return out


def similarity_strings_of(texts: Sequence[str], chunk: int = 50_000) -> list[str]:
    """:func:`similarity_strings` of ``texts``, a chunk at a time (so memory stays bounded for millions)."""
    out: list[str] = []
    for start in range(0, len(texts), chunk):
        out.extend(similarity_strings(*shingles(texts[start:start + chunk])))
    return out


def similarity_strings(hashes: np.ndarray, offsets: np.ndarray) -> list[str]:
    """Per body, its sorted, de-duplicated bigram codes as a string (see the module doc)."""
    n = len(offsets) - 1
    if n == 0:
        return []
    counts = np.diff(offsets)
    codes = (hashes % np.uint32(_CODE_SPACE)) + np.uint32(_CODE_BASE)
    codes[codes >= _SURROGATES] += np.uint32(0x800)
    segment = np.repeat(np.arange(n, dtype=np.uint64), counts)
    keyed = np.sort((segment << np.uint64(32)) | codes.astype(np.uint64))
    if len(keyed):
        keyed = keyed[np.r_[True, keyed[1:] != keyed[:-1]]]
    seg_of = (keyed >> np.uint64(32)).astype(np.int64)
    # Lay the codes out with a "\n" after each body and decode everything at once.
    out = np.full(len(keyed) + n, 0x0A, dtype=np.uint32)
    out[np.arange(len(keyed)) + seg_of] = (keyed & _MASK32).astype(np.uint32)
    return out.tobytes().decode("utf-32-le").split("\n")[:n]
