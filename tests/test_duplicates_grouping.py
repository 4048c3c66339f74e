"""listing_lint.duplicates.grouping: exact classes, candidates (brute force and LSH), verification, components."""

from __future__ import annotations

import dataclasses
import itertools
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from listing_lint.duplicates.features import Features
from listing_lint.duplicates import minhash
from listing_lint.duplicates.features import compared_text
from listing_lint.duplicates.grouping import (GroupingOptions, candidate_pairs, components, find_groups, pair_similarity,
                                              prepare, same_goods, verify)
from listing_lint.lexicon import Lexicon
from listing_lint.listing import Listing
from tests_support import RICE_COOKERS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate_catalog import generate  # noqa: E402


@pytest.fixture(scope="module")
def features():
    return Features(Lexicon())


def options(**overrides):
    """The shipped thresholds (dictionaries/thresholds/duplicate-listing.toml) with ``overrides``."""
    return GroupingOptions.from_config(Lexicon(), overrides)


def summaries_of(features, records):
    return [features.summarize_listing(Listing(record)) for record in records]


def groups_of(features, records, per_shop=True):
    found = find_groups([r.get("shop_id") for r in records], summaries_of(features, records), per_shop=per_shop)
    return [[records[i]["id"] for i in group] for group in found]


def test_groups_within_one_shop(features):
    assert groups_of(features, RICE_COOKERS) == [["a", "b", "c"]]
    # Across shops (the cross-shop report): every copy of the 3L, and the 5L pair.
    assert groups_of(features, RICE_COOKERS, per_shop=False) == [["a", "b", "c", "d"], ["e", "g"]]


def test_no_shop_is_one_shop(features):
    listings = [{"id": "a", "title": "美的电饭煲 3L 家用"}, {"id": "b", "title": "家用 美的电饭煲 3L"}]
    assert groups_of(features, listings) == [["a", "b"]]


def test_exact_copies_collapse_into_one_representative(features):
    summaries = [features.summarize(t) for t in ["美的电饭煲 3L", "美的电饭煲 3L", "美的電飯煲 3L", "苏泊尔电饭煲 3L"]]
    prepared = prepare(["s"] * 4, summaries)
    assert prepared.rep_of.tolist() == [0, 0, 0, 1]
    assert len(prepared.bodies) == 2


def test_hash_collisions_do_not_merge_representatives(features, monkeypatch):
    from listing_lint.duplicates import grouping

    titles = ["美的电饭煲 3L", "美的电饭煲 3L", "苏泊尔电饭煲 3L", "美的电饭煲 5L", "苏泊尔电饭煲 3L"]
    summaries = [features.summarize(t) for t in titles]
    honest = prepare(["s"] * 5, summaries)
    monkeypatch.setattr(grouping, "_key_hash", lambda key: 7)  # every key collides
    colliding = prepare(["s"] * 5, summaries)
    assert colliding.rep_of.tolist() == honest.rep_of.tolist() == [0, 0, 1, 2, 1]
    assert colliding.bodies == honest.bodies and colliding.signatures == honest.signatures


def test_components_by_label_propagation():
    pairs = np.array([[5, 6], [0, 1], [1, 2], [3, 4], [2, 3]])
    assert components(8, pairs).tolist() == [0, 0, 0, 0, 0, 5, 5, 7]
    assert components(3, np.zeros((0, 2), np.int64)).tolist() == [0, 1, 2]


def test_same_goods_rules(features):
    shipped = GroupingOptions.default()
    a = features.summarize("富光电磁炉通用焖烧杯 家用")
    b = features.summarize("富光焖烧杯 家用")
    # Wording added on one side: containment decides.
    assert same_goods(a.body, a.signature, b.body, b.signature, dice=0.55, containment=0.8, smaller=5, options=shipped)
    assert not same_goods(a.body, a.signature, b.body, b.signature, dice=0.55, containment=0.5, smaller=5,
                          options=shipped)
    # Too little wording to judge by containment.
    assert not same_goods(a.body, a.signature, b.body, b.signature, dice=0.55, containment=1.0, smaller=2,
                          options=shipped)
    # Swapped wording is other goods, however similar.
    c, d = features.summarize("皇家猫粮 室内 2kg"), features.summarize("皇家狗粮 室内 2kg")
    assert not same_goods(c.body, c.signature, d.body, d.signature, dice=0.9, containment=0.9, smaller=5,
                          options=shipped)
    assert same_goods(c.body, c.signature, d.body, d.signature, dice=0.9, containment=0.9, smaller=5,
                      options=options(max_substitution=1))


def test_options_from_the_rule_options():
    configured = GroupingOptions.from_config(Lexicon(), {"min_similarity": 0.7, "cross_shop": True,
                                                         "severity": "warning"})
    assert configured == dataclasses.replace(GroupingOptions.default(), min_similarity=0.7)
    with pytest.raises(ValueError):
        GroupingOptions.from_config(Lexicon(), {"bands": 30, "rows": 2, "num_perm": 48})


@pytest.fixture(scope="module")
def catalog():
    return list(generate(4000, seed=11, shops=6))


def truth_pairs(listings):
    groups = defaultdict(list)
    for index, listing in enumerate(listings):
        if listing["_dup_group"]:
            groups[listing["_dup_group"]].append(index)
    return {pair for group in groups.values() for pair in itertools.combinations(sorted(group), 2)}


def found_pairs(groups):
    return {pair for group in groups for pair in itertools.combinations(group, 2)}


def test_generated_catalog_precision_and_recall(features, catalog):
    summaries = summaries_of(features, catalog)
    shops = [l["shop_id"] for l in catalog]
    truth = truth_pairs(catalog)
    for grouping in (GroupingOptions.default(), options(brute_force_max=1)):  # brute force, then LSH everywhere
        found = found_pairs(find_groups(shops, summaries, grouping))
        assert len(found & truth) / len(truth) >= 0.98
        assert len(found & truth) / len(found) >= 0.98


def test_verify_keeps_exactly_the_pairs_same_goods_keeps(features, catalog):
    # verify vetoes before it scores; the pairs it keeps must be those same_goods keeps, one pair at a time.
    prepared = prepare([l["shop_id"] for l in catalog], summaries_of(features, catalog))
    grouping = options(brute_force_max=10**9)
    pairs = candidate_pairs(prepared, grouping)
    bodies, signatures = prepared.bodies, prepared.signatures
    strings = minhash.similarity_strings_of([compared_text(b, s) for b, s in zip(bodies, signatures)])
    expected = [[a, b] for a, b in pairs.tolist()
                if same_goods(bodies[a], signatures[a], bodies[b], signatures[b],
                              *pair_similarity(strings[a], strings[b]), grouping)]
    kept = verify(prepared, pairs, grouping, chunk=1000).tolist()
    assert kept == expected
    assert 0 < len(kept) < len(pairs)
    assert verify(prepared, pairs[:0], grouping).shape == (0, 2)


def test_lsh_candidates_cover_the_duplicates(features, catalog):
    prepared = prepare([l["shop_id"] for l in catalog], summaries_of(features, catalog))
    truth = truth_pairs(catalog)
    lsh = {tuple(p) for p in candidate_pairs(prepared, options(brute_force_max=1)).tolist()}
    brute = {tuple(p) for p in candidate_pairs(prepared, options(brute_force_max=10**9)).tolist()}
    assert lsh <= brute

    def covered(candidates):
        rep = prepared.rep_of
        hits = sum(1 for a, b in truth if rep[a] == rep[b] or (min(rep[a], rep[b]), max(rep[a], rep[b])) in candidates)
        return hits / len(truth)

    assert covered(brute) == 1.0
    assert covered(lsh) >= 0.98
    assert len(lsh) < len(brute)  # LSH prunes
