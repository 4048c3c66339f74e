"""Duplicate groups of a catalog: exact hashing → candidates → rapidfuzz verification → variant veto → components.

1. **Exact**: listings of one shop with the same matching body and signature are one *representative*; only
   representatives go on (catalogs that re-list one product dozens of times shrink here).
2. **Candidates**: only representatives of one *bucket* (one shop, equal title variants: a differing model,
   amount, colour, flavour or size vetoes anyway) can be duplicates. A bucket of up to ``brute_force_max``
   representatives offers all its pairs (exact, and cheaper than hashing at that size: measured in
   ``bench/duplicates.py``); a larger one goes through banded MinHash over character bigrams (see
   :mod:`.minhash`), which grows about linearly with the bucket.
3. **Verification** of candidate pairs (:func:`same_goods`): the Dice coefficient of their bigram sets
   (rapidfuzz's Indel ratio of the sorted bigram-code strings) must reach ``min_similarity``, or the wording of
   one must lie inside the other's; neither may have swapped wording for other wording
   (:func:`.features.substitution`: 猫粮/狗粮); and :func:`.features.veto` must find no differing model, amount,
   colour family, flavour, size, audience, brand, category or key attribute.
4. **Groups**: connected components of the verified pairs (label propagation, the same algorithm the Spark
   jobs run), expanded back to every listing.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from ..collector import collector_paused
from ..lexicon import Lexicon
from . import minhash
from .features import Summary, compared_text, substitution, title_part, veto


@dataclass(frozen=True)
class GroupingOptions:
    """The matching options of duplicate-listing. Their values (and what each means) are in
    ``dictionaries/thresholds/duplicate-listing.toml``: :meth:`default` reads them, :meth:`from_config` puts a
    configuration's options over them."""

    min_similarity: float  # Dice coefficient of the bigram sets, 0..1
    max_substitution: int  # characters of wording both sides may have that the other lacks (see features)
    min_containment: float  # or: wording added on one side only, the other's bigrams this much inside it
    min_contained_bigrams: int  # ... when the smaller wording has at least this many bigrams
    num_perm: int
    bands: int
    rows: int
    min_bands: int  # an LSH candidate shares at least this many bands
    max_bucket: int  # an LSH bucket larger than this pairs neighbours only
    brute_force_max: int  # buckets (shop × title variants) up to this size compare all their pairs
    seed: int = 1  # of the MinHash hash family: not a threshold (an index keeps the one it was built with)

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> "GroupingOptions":
        """From a rule's complete options (the shipped thresholds included); other options are ignored."""
        known = {name: options[name] for name in cls.__dataclass_fields__ if name in options}
        grouping = cls(**known)
        if grouping.bands * grouping.rows > grouping.num_perm:
            raise ValueError(f"bands × rows ({grouping.bands}×{grouping.rows}) 超过 num_perm ({grouping.num_perm})")
        return grouping

    @classmethod
    def from_config(cls, lexicon: Lexicon, rule_options: Mapping[str, Any] | None = None) -> "GroupingOptions":
        """The shipped thresholds of duplicate-listing with ``rule_options`` (a configuration's) over them."""
        return cls.from_options({**lexicon.thresholds("duplicate-listing"), **(rule_options or {})})

    @classmethod
    def default(cls) -> "GroupingOptions":
        return cls.from_config(Lexicon())


@dataclass
class Prepared:
    """The representatives of a catalog and how listings map onto them."""

    rep_of: np.ndarray  # listing index → representative index (-1: nothing to match)
    buckets: np.ndarray  # representative → bucket code (its shop and title variants)
    bodies: list[str]
    signatures: list[str]


_key_hash = hash  # (tests replace it to force collisions)


def prepare(shops: Sequence[str | None], summaries: Iterable[Summary | None], *, per_shop: bool = True) -> Prepared:
    """Collapse listings with equal (shop, body, signature) into representatives, numbered in order of first
    appearance. ``summaries`` (one per shop entry) may be a generator.

    The keys are hashed into arrays rather than kept in dicts (a million key tuples cost hundreds of MB); a hash
    collision is caught by comparing every listing with its representative."""
    listed, exact_hashes, bucket_hashes = array("q"), array("q"), array("q")
    key_shops: list[str] = []
    bodies_of: list[str] = []
    signatures_of: list[str] = []
    with collector_paused():
        for i, (shop, summary) in enumerate(zip(shops, summaries)):
            if summary is None:
                continue
            shop = (shop or "") if per_shop else ""
            listed.append(i)
            key_shops.append(shop)
            bodies_of.append(summary.body)
            signatures_of.append(summary.signature)
            exact_hashes.append(_key_hash((shop, summary.body, summary.signature)))
            bucket_hashes.append(_key_hash((shop, title_part(summary.signature))))
    rep_of = np.full(len(shops), -1, dtype=np.int64)
    if not listed:
        return Prepared(rep_of, np.zeros(0, np.int64), [], [])
    _, first, inverse = np.unique(np.frombuffer(exact_hashes, dtype=np.int64), return_index=True,
                                  return_inverse=True)
    order = np.argsort(first, kind="stable")  # representatives in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    rep_local = rank[inverse.ravel()]
    first_of_rep = first[order]
    firsts = first_of_rep.tolist()
    # A listing is its representative's equal when it is that representative: only the copies need comparing.
    copies = np.flatnonzero(first_of_rep[rep_local] != np.arange(len(rep_local)))
    with collector_paused():
        collided: dict[tuple[str, str, str], int] = {}
        for position, rep in zip(copies.tolist(), rep_local[copies].tolist()):
            other = firsts[rep]
            if (bodies_of[position] != bodies_of[other] or signatures_of[position] != signatures_of[other]
                    or key_shops[position] != key_shops[other]):
                key = (key_shops[position], bodies_of[position], signatures_of[position])
                if key not in collided:
                    collided[key] = len(firsts)
                    firsts.append(position)
                rep_local[position] = collided[key]
        bodies = [bodies_of[p] for p in firsts]
        signatures = [signatures_of[p] for p in firsts]
    # A collision of bucket hashes only merges two buckets' candidates: the veto still tells them apart.
    _, buckets = np.unique(np.frombuffer(bucket_hashes, dtype=np.int64)[firsts], return_inverse=True)
    rep_of[np.frombuffer(listed, dtype=np.int64)] = rep_local
    return Prepared(rep_of, buckets.ravel().astype(np.int64), bodies, signatures)


def candidate_pairs(prepared: Prepared, options: GroupingOptions) -> np.ndarray:
    """``(k, 2)`` representative pairs (i < j) worth verifying: every pair of a small bucket, banded-MinHash
    candidates of a large one."""
    sizes = np.bincount(prepared.buckets) if len(prepared.buckets) else np.zeros(0, np.int64)
    size_of = sizes[prepared.buckets]
    small = np.flatnonzero((size_of >= 2) & (size_of <= options.brute_force_max))
    large = np.flatnonzero(size_of > options.brute_force_max)
    found = [_all_pairs(small, prepared.buckets[small])]
    if len(large):
        found.append(lsh_pairs([compared_text(prepared.bodies[i], prepared.signatures[i]) for i in large.tolist()],
                               prepared.buckets[large], options, rows=large))
    pairs = np.concatenate(found)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))] if len(pairs) else pairs


def _all_pairs(members: np.ndarray, buckets: np.ndarray) -> np.ndarray:
    """Every pair of ``members`` that share a bucket."""
    if not len(members):
        return np.zeros((0, 2), np.int64)
    order = np.argsort(buckets, kind="stable")
    members, buckets = members[order], buckets[order]
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    sizes = np.diff(np.r_[starts, len(buckets)])
    position = np.repeat(starts, sizes) + minhash.ranges(sizes)
    partners = np.repeat(sizes, sizes) - 1 - minhash.ranges(sizes)
    left = np.repeat(position, partners)
    right = left + 1 + minhash.ranges(partners)
    return np.stack([members[left], members[right]], axis=1)


def lsh_pairs(texts: Sequence[str], buckets: np.ndarray, options: GroupingOptions,
              rows: np.ndarray | None = None) -> np.ndarray:
    """Banded-MinHash candidate pairs among ``texts`` (see :func:`.features.compared_text`; as indices into
    ``rows`` when given)."""
    keys = minhash.text_band_keys(texts, buckets, options)
    packed = minhash.pairs_sharing_keys(keys, options.max_bucket, options.min_bands)
    pairs = np.stack([(packed >> np.uint64(32)).astype(np.int64), (packed & np.uint64(0xFFFFFFFF)).astype(np.int64)],
                     axis=1)
    return rows[pairs] if rows is not None else pairs


def verify(prepared: Prepared, pairs: np.ndarray, options: GroupingOptions, chunk: int = 200_000) -> np.ndarray:
    """The candidate pairs that are duplicates: similar enough (rapidfuzz) and :func:`same_goods`. Pairs go a
    chunk at a time, with the similarity strings of that chunk's representatives only (memory stays bounded)."""
    kept = [_verify_chunk(prepared, pairs[start:start + chunk], options) for start in range(0, len(pairs), chunk)]
    return np.concatenate(kept) if kept else pairs


def _verify_chunk(prepared: Prepared, pairs: np.ndarray, options: GroupingOptions) -> np.ndarray:
    from rapidfuzz import fuzz, process

    bodies, signatures = prepared.bodies, prepared.signatures
    # The veto goes first: it rules out most candidates (another brand or category in one shop's bucket) with a few
    # string comparisons, so only the pairs it lets through need similarity strings and a rapidfuzz score.
    left, right = pairs.T.tolist()
    vetoes = list(map(veto, map(signatures.__getitem__, left), map(signatures.__getitem__, right)))  # no Python loop
    pairs = pairs[[cls is None for cls in vetoes]]
    if not len(pairs):
        return pairs
    involved = np.unique(pairs)
    position = np.searchsorted(involved, pairs)
    strings = minhash.similarity_strings_of([compared_text(bodies[i], signatures[i]) for i in involved.tolist()])
    with collector_paused():
        left = [strings[i] for i in position[:, 0].tolist()]
        right = [strings[i] for i in position[:, 1].tolist()]
    scores = process.cpdist(left, right, scorer=fuzz.ratio, dtype=np.float64, workers=-1) / 100
    sizes = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))[position]
    del left, right, strings
    containment = _containment(scores, sizes[:, 0], sizes[:, 1])
    promising = np.flatnonzero((scores >= options.min_similarity - 1e-9)
                               | (containment >= options.min_containment - 1e-9))
    smaller = np.minimum(sizes[:, 0], sizes[:, 1])
    dice, containment, smaller = scores.tolist(), containment.tolist(), smaller.tolist()  # floats, not numpy scalars
    keep = [k for k, (a, b) in zip(promising.tolist(), pairs[promising].tolist())
            if similar_wording(bodies[a], bodies[b], dice[k], containment[k], smaller[k], options)]
    return pairs[np.asarray(keep, dtype=np.int64)]


def _containment(dice: np.ndarray, size_a: np.ndarray, size_b: np.ndarray) -> np.ndarray:
    """The share of the smaller bigram set inside the larger, from their Dice coefficient and sizes."""
    smaller = np.minimum(size_a, size_b)
    return np.where(smaller > 0, dice * (size_a + size_b) / (2 * np.maximum(smaller, 1)), dice)


def pair_similarity(left: str, right: str) -> tuple[float, float, int]:
    """Dice, containment and the smaller set's size of two similarity strings (:mod:`.minhash`), one pair at a
    time, exactly as :func:`verify` computes them for many (the index and the Spark jobs use this)."""
    from rapidfuzz import fuzz

    dice = fuzz.ratio(left, right) / 100
    smaller = min(len(left), len(right))
    containment = dice * (len(left) + len(right)) / (2 * smaller) if smaller else dice
    return dice, containment, smaller


def same_goods(body_a: str, signature_a: str, body_b: str, signature_b: str, dice: float, containment: float,
               smaller: int, options: GroupingOptions) -> bool:
    """Whether two listings of one bucket are the same goods, given the Dice coefficient and containment of their
    bigram sets and the size of the smaller set (the rules after similarity, shared by the catalog grouping, the
    index and Spark):

    * no veto (:func:`.features.veto`: model, amounts, colour family, flavour, size, audience, brand, category,
      key attributes);
    * wording only added or dropped on one side (no :func:`.features.substitution`): Dice ≥ ``min_similarity``,
      or containment ≥ ``min_containment`` when the smaller set has ``min_contained_bigrams`` bigrams
      (富光焖烧杯家用 inside 富光电磁炉通用焖烧杯家用);
    * wording swapped (at most ``max_substitution`` characters, default none: 猫粮/狗粮, 红宝石精华/双抗精华 are
      other goods): Dice ≥ ``min_similarity``.
    """
    return veto(signature_a, signature_b) is None and similar_wording(body_a, body_b, dice, containment, smaller,
                                                                      options)


def similar_wording(body_a: str, body_b: str, dice: float, containment: float, smaller: int,
                    options: GroupingOptions) -> bool:
    """:func:`same_goods` without the veto: whether the wording of two bodies says the same goods."""
    swapped = substitution(body_a, body_b)
    if swapped > options.max_substitution:
        return False
    if dice >= options.min_similarity - 1e-9:
        return True
    return swapped == 0 and smaller >= options.min_contained_bigrams and containment >= options.min_containment - 1e-9


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """The smallest member index of each node's connected component (label propagation with pointer jumping)."""
    labels = np.arange(n, dtype=np.int64)
    if not len(pairs):
        return labels
    left, right = pairs[:, 0], pairs[:, 1]
    while True:
        low = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        np.minimum.at(updated, left, low)
        np.minimum.at(updated, right, low)
        # Every node adopts the label of its label, so chains collapse in logarithmically many rounds.
        updated = updated[updated]
        if np.array_equal(updated, labels):
            return labels
        labels = updated


def find_groups(shops: Sequence[str | None], summaries: Iterable[Summary | None],
                options: GroupingOptions | None = None, *, per_shop: bool = True) -> list[list[int]]:
    """Groups (lists of listing indices, ascending, groups ordered by their first member) of 2+ duplicates;
    ``options`` default to the shipped thresholds."""
    options = options or GroupingOptions.default()
    prepared = prepare(shops, summaries, per_shop=per_shop)
    pairs = verify(prepared, candidate_pairs(prepared, options), options)
    return expand(prepared, components(len(prepared.bodies), pairs))


def expand(prepared: Prepared, labels: np.ndarray) -> list[list[int]]:
    """Listing-index groups from representative component labels (groups of one listing dropped)."""
    listed = np.flatnonzero(prepared.rep_of >= 0)
    label_of_listing = labels[prepared.rep_of[listed]]
    order = np.lexsort((listed, label_of_listing))
    sorted_labels = label_of_listing[order]
    bounds = np.flatnonzero(np.r_[True, sorted_labels[1:] != sorted_labels[:-1], True])
    groups = [listed[order[a:b]].tolist() for a, b in zip(bounds[:-1], bounds[1:]) if b - a > 1]
    groups.sort(key=lambda group: group[0])
    return groups
