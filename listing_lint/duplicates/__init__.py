"""Duplicate listings (重复铺货, seed 002 §7) at catalog scale.

* :mod:`.features`: what is compared: the title normalized for matching and the variant signature (veto).
* :mod:`.minhash`: character-bigram shingles, MinHash and LSH band keys, vectorised with numpy.
* :mod:`.grouping`: exact hashing → candidates → rapidfuzz verification → veto → connected components.
* :mod:`.index`: :class:`DuplicateIndex`, the persisted index for checking one listing before publishing.
"""

from .features import Features, Summary, veto

__all__ = ["DuplicateIndex", "Features", "GroupingOptions", "Summary", "find_groups", "veto"]


def __getattr__(name: str):
    # The grouping and the index need numpy; a run that only reads features does not load it.
    if name in ("GroupingOptions", "find_groups"):
        from . import grouping

        return getattr(grouping, name)
    if name == "DuplicateIndex":
        from .index import DuplicateIndex

        return DuplicateIndex
    raise AttributeError(name)
