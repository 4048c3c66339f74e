"""listing_lint.duplicates.minhash: shingles, MinHash, band keys and the rapidfuzz similarity strings."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from listing_lint.duplicates import minhash


def bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def test_shingles_are_one_hash_per_bigram_with_offsets():
    hashes, offsets = minhash.shingles(["苏泊尔电饭煲", "a", "", "家用苏泊尔"])
    assert offsets.tolist() == [0, 5, 6, 6, 10]
    assert hashes.dtype == np.uint32
    # The same bigram hashes the same wherever it is.
    assert hashes[0] == hashes[8] and hashes[1] == hashes[9]  # 苏泊, 泊尔


def test_hashes_are_pinned():
    # An index built yesterday and every Spark executor must compute the same values: a change of the hash
    # constants or of numpy's PCG64 stream (which draws the permutations) breaks existing indexes.
    hashes, _ = minhash.shingles(["苏泊尔电饭煲"])
    assert hashes.tolist() == [3479554103, 2975813988, 2794337214, 4104134363, 3704397170]
    multipliers, addends = minhash.permutations(4)
    assert multipliers.tolist() == [2032329983, 2198257139, 3243419751, 4082210491]
    assert addends.tolist() == [149690573, 619160822, 3534516178, 4074418350]


def test_minhash_estimates_jaccard():
    rng = np.random.default_rng(0)
    words = [chr(0x4E00 + i) for i in rng.integers(0, 3000, size=400)]
    a = "".join(words[:300])
    b = "".join(words[100:400])
    hashes, offsets = minhash.shingles([a, b])
    signatures = minhash.minhash(hashes, offsets, num_perm=512)
    estimate = float((signatures[0] == signatures[1]).mean())
    truth = len(bigrams(a) & bigrams(b)) / len(bigrams(a) | bigrams(b))
    assert abs(estimate - truth) < 0.08


def test_minhash_of_an_empty_body_is_all_ones():
    hashes, offsets = minhash.shingles(["", "", "ab"])
    signatures = minhash.minhash(hashes, offsets, num_perm=8)
    assert (signatures[0] == 0xFFFFFFFF).all()


def test_minhash_in_chunks_is_the_same():
    bodies = ["苏泊尔电饭煲家用%d" % i for i in range(300)]
    hashes, offsets = minhash.shingles(bodies)
    whole = minhash.minhash(hashes, offsets, 16, chunk=1 << 20)
    chunked = minhash.minhash(hashes, offsets, 16, chunk=7)
    assert (whole == chunked).all()


def test_band_keys_depend_on_the_group():
    hashes, offsets = minhash.shingles(["苏泊尔电饭煲", "苏泊尔电饭煲"])
    signatures = minhash.minhash(hashes, offsets, 8)
    same = minhash.band_keys(signatures, np.array([1, 1]), bands=4, rows=2)
    other = minhash.band_keys(signatures, np.array([1, 2]), bands=4, rows=2)
    assert (same[0] == same[1]).all()
    assert not (other[0] == other[1]).any()
    assert len(set(same[0].tolist())) == 4  # each band its own key


def test_text_band_keys_are_the_pipeline_and_pinned():
    # The one texts → band keys pipeline of the catalog grouping, the persisted index and the Spark jobs: its keys
    # are stored in index files, so they must not change.
    from listing_lint.duplicates.grouping import GroupingOptions
    from listing_lint.lexicon import Lexicon

    options = GroupingOptions.from_config(Lexicon(), {"num_perm": 8, "bands": 4, "rows": 2})
    texts = ["苏泊尔电饭煲", "家用苏泊尔"]
    keys = minhash.text_band_keys(texts, 7, options)
    assert keys.dtype == np.uint64
    assert keys.tolist() == [
        [14249170286203432949, 13458839722013958903, 338285887248629648, 6308411521916986106],
        [13459055046769626160, 2957518828927922830, 1352888746910143648, 434232823142642152]]
    hashes, offsets = minhash.shingles(texts)
    by_steps = minhash.band_keys(minhash.minhash(hashes, offsets, 8, options.seed), np.array([7, 7]), 4, 2)
    assert (minhash.text_band_keys(texts, np.array([7, 7]), options) == by_steps).all()
    other_groups = minhash.text_band_keys(texts, np.array([7, 8]), options)
    assert (other_groups[0] == keys[0]).all() and not (other_groups[1] == keys[1]).any()


def unpack(packed):
    return sorted((int(p) >> 32, int(p) & 0xFFFFFFFF) for p in packed)


def test_pairs_sharing_keys():
    keys = np.array([[1, 10], [1, 11], [2, 10], [1, 10]], dtype=np.uint64)
    assert unpack(minhash.pairs_sharing_keys(keys)) == [(0, 1), (0, 2), (0, 3), (1, 3), (2, 3)]
    assert unpack(minhash.pairs_sharing_keys(keys, min_bands=2)) == [(0, 3)]


def test_large_buckets_pair_neighbours_only():
    keys = np.zeros((10, 1), dtype=np.uint64)
    pairs = unpack(minhash.pairs_sharing_keys(keys, max_bucket=2))
    assert pairs == [(i, j) for i in range(10) for j in range(i + 1, min(i + 3, 10))]


def test_ranges():
    assert minhash.ranges(np.array([3, 0, 2])).tolist() == [0, 1, 2, 0, 1]
    assert minhash.ranges(np.array([], dtype=np.int64)).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="苏泊尔电饭煲家用智能ab12", min_size=0, max_size=30),
       st.text(alphabet="苏泊尔电饭煲家用智能ab12", min_size=0, max_size=30))
def test_ratio_of_similarity_strings_is_the_dice_of_bigram_sets(a, b):
    left, right = minhash.similarity_strings(*minhash.shingles([a, b]))
    x = bigrams(a) if len(a) > 1 else ({a + "\x01"} if a else set())
    y = bigrams(b) if len(b) > 1 else ({b + "\x01"} if b else set())
    assert len(left) == len(x) and len(right) == len(y)
    if x or y:
        # Codes may collide (a hash into ~10^6 code points), so allow one bigram of slack.
        dice = 2 * len(x & y) / (len(x) + len(y))
        assert abs(fuzz.ratio(left, right) / 100 - dice) <= 2 / (len(x) + len(y)) + 1e-9
