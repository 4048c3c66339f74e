"""listing-lint on Spark (the optional ``[spark]`` extra: ``pip install 'listing-lint[spark]'``).

    from listing_lint.spark import duplicate_groups, input_errors, lint_dataframe, listing_schema
    listings_df = spark.read.json("catalog.jsonl", schema=listing_schema())
    findings = lint_dataframe(listings_df)            # a DataFrame of findings, the CLI's findings
    groups = duplicate_groups(listings_df)            # listing_id, index, group: the duplicate groups
    errors = input_errors(listings_df)                # rows that do not fit the contract

Executors must import listing_lint: install it where they run (with ``PYSPARK_PYTHON`` pointing at that Python).

``listings_df`` has the record's columns (CONTRACT §1, see :func:`listing_schema`: id, shop_id, title, detail,
category, brand, attributes as a map, price, freight, skus as an array of structs, images …). Nothing is
collected to the driver:

* per-listing rules run in ``mapPartitions`` with one :class:`~listing_lint.Linter` per partition;
* duplicate groups (重复铺货) are Spark jobs doing what :mod:`listing_lint.duplicates.grouping` does on one
  machine, step by step, so the groups are the same: matching summaries per partition; exact classes (one shop,
  equal body and signature) by key; candidate pairs by grouping on the bucket key (buckets of up to
  ``brute_force_max`` representatives: all pairs) or on LSH band keys (larger buckets: the same MinHash bands,
  each bucket's members paired in input order, at most ``max_bucket`` neighbours); counting shared bands;
  verification (rapidfuzz and the veto) per partition of joined pairs; connected components by iterative
  min-label propagation (a join and a reduce per round until no label changes).

Input order (``zipWithIndex``) numbers the listings, as the position in a file does on one machine. A listing's
``lint_ignore`` drops its duplicate-listing finding, as on one machine. The ``cross_shop`` info report of the rule
(the same goods in other shops) is not produced here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

    from .config import Config

FINDING_FIELDS = ("listing_id", "rule", "severity", "field", "start", "end", "text", "message", "code",
                  "suggestion", "related", "penalty")


def listing_schema():
    """The Spark schema of a listing record (CONTRACT §1), e.g. ``spark.read.json(path, schema=listing_schema())``."""
    from pyspark.sql.types import (ArrayType, BooleanType, DoubleType, LongType, MapType, StringType, StructField,
                                   StructType)

    text = StringType()
    sku = StructType([StructField("name", text), StructField("price", DoubleType()), StructField("stock", LongType()),
                      StructField("unit", text)])
    return StructType([
        StructField("id", text, False), StructField("shop_id", text), StructField("title", text),
        StructField("detail", text), StructField("category", text), StructField("brand", text),
        StructField("attributes", MapType(text, text)), StructField("price", DoubleType()),
        StructField("freight", DoubleType()), StructField("freight_regions", MapType(text, DoubleType())),
        StructField("virtual", BooleanType()), StructField("skus", ArrayType(sku)),
        StructField("images", ArrayType(text)), StructField("campaigns", ArrayType(text)),
        StructField("lint_ignore", ArrayType(text)),
    ])


def _finding_schema():
    from pyspark.sql.types import ArrayType, IntegerType, StringType, StructField, StructType

    types = {"start": IntegerType(), "end": IntegerType(), "related": ArrayType(StringType())}
    return StructType([StructField(name, types.get(name, StringType()), name not in ("listing_id", "rule"))
                       for name in FINDING_FIELDS])


def _finding_row(finding) -> tuple:
    data = finding.to_dict()
    return tuple(list(data.get("related") or []) if name == "related" else data.get(name) for name in FINDING_FIELDS)


def _record(row) -> dict[str, Any]:
    """A Spark Row as the contract's record (nested Rows become dicts, absent values are dropped)."""
    return {key: value for key, value in row.asDict(recursive=True).items() if value is not None}


# -- linting ------------------------------------------------------------------------------------------

def lint_dataframe(df: "DataFrame", config: "Config | None" = None) -> "DataFrame":
    """The findings of every listing of ``df``, duplicate-listing included when the configuration selects it.
    Rows that do not fit the contract have no findings: :func:`input_errors` lists them."""
    from .config import Config
    from .linter import Linter

    config = config or Config()
    spark = df.sparkSession
    listing_rows = df.rdd.mapPartitions(lambda rows: _lint_partition(rows, config))
    findings = spark.createDataFrame(listing_rows, _finding_schema())
    if "duplicate-listing" not in {rule.id for rule in Linter(config).rules}:
        return findings
    duplicates = _duplicate_findings(df, config)
    return findings.unionByName(spark.createDataFrame(duplicates, _finding_schema()))


def _lint_partition(rows: Iterable, config: "Config") -> Iterator[tuple]:
    from .linter import CHECK_BATCH, Linter, batched
    from .listing import Listing, ListingError

    def listings() -> Iterator[Listing]:
        for row in rows:
            try:
                yield Listing(_record(row))
            except ListingError:
                continue

    linter = Linter(config)
    for batch in batched(listings(), CHECK_BATCH):
        for findings in linter.check_listings(batch):  # rule after rule over the batch: see check_listings
            for finding in findings:
                yield _finding_row(finding)


def input_errors(df: "DataFrame") -> "DataFrame":
    """``listing_id, field, message`` of the rows that do not fit the contract (what the CLI prints on stderr)."""
    from pyspark.sql.types import StringType, StructField, StructType

    def errors(rows: Iterable) -> Iterator[tuple]:
        from .listing import Listing, ListingError

        for row in rows:
            record = _record(row)
            try:
                Listing(record)
            except ListingError as exc:
                listing_id = record.get("id")
                yield (None if listing_id is None else str(listing_id)), exc.field, exc.message

    schema = StructType([StructField(name, StringType()) for name in ("listing_id", "field", "message")])
    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(errors), schema)


def _duplicate_findings(df: "DataFrame", config: "Config"):
    """duplicate-listing findings: one per member of each group, as the CLI words them."""
    groups = duplicate_groups(df, config=config, _for_findings=True)

    def findings(partition: Iterable) -> Iterator[tuple]:
        from .linter import Linter
        from .registry import rule_class

        linter = Linter(config, rules=[rule_class("duplicate-listing")])
        for _, members in partition:
            yield from _group_findings(linter, members)

    return (groups.rdd.map(lambda row: (row["group"], (row["index"], row["listing_id"], row["title"],
                                                       row["lint_ignore"])))
            .groupByKey(df.rdd.getNumPartitions()).mapPartitions(findings))


def _group_findings(linter, members: Iterable[tuple[int, str, str, Iterable[str]]]) -> Iterator[tuple]:
    """The finding rows of one duplicate group, given ``(index, listing_id, title, lint_ignore)`` of its members
    (any order) and a linter of the duplicate-listing rule only. As the CLI does (``Linter._finish_catalog``): a
    member whose ``lint_ignore`` names the rule (id or code) gets no finding, but is still named in the others'."""
    rule = linter.rules[0]
    ordered = sorted(members, key=lambda member: member[0])
    ignored = {listing_id for _, listing_id, _, ignore in ordered if rule.ignored_by(ignore or ())}
    for listing_id, hit in rule.group_hits([(listing_id, title) for _, listing_id, title, _ in ordered]):
        if listing_id not in ignored:
            yield _finding_row(linter._finding(rule, listing_id, hit, None, None))


# -- duplicate groups ----------------------------------------------------------------------------------

def duplicate_groups(df: "DataFrame", *, config: "Config | None" = None, options: Mapping[str, Any] | None = None,
                     per_shop: bool = True, _for_findings: bool = False) -> "DataFrame":
    """``listing_id, index, group`` for every listing in a duplicate group (``group``: the input index of the
    group's first listing; ``index``: the listing's own). ``options`` override the rule's thresholds.
    (``_for_findings`` keeps each listing's title and lint_ignore too, for :func:`_duplicate_findings`.)"""
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    from .config import Config
    from .duplicates.grouping import GroupingOptions
    from .lexicon import Lexicon

    config = config or Config()
    grouping = GroupingOptions.from_config(Lexicon(config.dictionaries),
                                           {**config.rule_options.get("duplicate-listing", {}), **(options or {})})
    dictionaries = config.dictionaries
    partitions = max(df.rdd.getNumPartitions(), df.sparkSession.sparkContext.defaultParallelism)

    # 1. Summaries: (index, listing_id, title, bucket, body, signature, lint_ignore); the bucket is (shop, title
    #    variants).
    summaries = df.rdd.zipWithIndex().mapPartitions(
        lambda rows: _summarize_partition(rows, dictionaries, per_shop)).cache()

    # 2. Exact classes: the first listing of each (bucket, body, signature) represents it.
    representative_of = summaries.map(lambda s: ((s[3], s[4], s[5]), s[0])).reduceByKey(min, partitions)
    exact_edges = (summaries.map(lambda s: ((s[3], s[4], s[5]), s[0])).join(representative_of, partitions)
                   .map(lambda kv: (kv[1][1], kv[1][0])).filter(lambda edge: edge[0] != edge[1]))
    reps = representative_of.map(lambda kv: (kv[1], kv[0])).cache()  # rep index → (bucket, body, signature)

    # 3. Candidate pairs within buckets: all pairs of small buckets, shared LSH bands in large ones.
    by_bucket = (reps.map(lambda kv: (kv[1][0], (kv[0], kv[1][1], kv[1][2]))).groupByKey(partitions)
                 .mapValues(sorted))
    small = by_bucket.filter(lambda kv: 2 <= len(kv[1]) <= grouping.brute_force_max)
    small_pairs = small.flatMap(lambda kv: _all_pairs([member[0] for member in kv[1]]))
    large = by_bucket.filter(lambda kv: len(kv[1]) > grouping.brute_force_max)
    band_members = large.flatMap(lambda kv: _band_keys(kv[0], kv[1], grouping))
    lsh_pairs = (band_members.groupByKey(partitions)
                 .flatMap(lambda kv: ((pair, 1) for pair in _neighbour_pairs(sorted(kv[1]), grouping.max_bucket)))
                 .reduceByKey(lambda a, b: a + b, partitions)
                 .filter(lambda kv: kv[1] >= grouping.min_bands).keys())
    candidates = small_pairs.union(lsh_pairs).distinct(partitions)

    # 4. Verification of each pair with both representatives' data.
    rep_data = reps.map(lambda kv: (kv[0], (kv[1][1], kv[1][2])))
    joined = (candidates.join(rep_data, partitions).map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
              .join(rep_data, partitions).map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1])))
    verified = joined.mapPartitions(lambda pairs: _verify_partition(pairs, grouping))

    # 5. Connected components over verified pairs and exact classes.
    edges = verified.union(exact_edges).cache()
    labels = _components(edges, partitions)
    members = (labels.map(lambda kv: (kv[1], kv[0])).groupByKey(partitions)
               .filter(lambda kv: len(kv[1]) > 1).flatMap(lambda kv: ((node, kv[0]) for node in kv[1])))
    info = summaries.map(lambda s: (s[0], (s[1], s[2], s[6])))
    rows = members.join(info, partitions).map(lambda kv: (kv[1][1][0], kv[0], kv[1][0], kv[1][1][1], kv[1][1][2]))
    schema = StructType([StructField("listing_id", StringType(), False), StructField("index", LongType(), False),
                         StructField("group", LongType(), False), StructField("title", StringType(), True),
                         StructField("lint_ignore", ArrayType(StringType()), True)])
    result = df.sparkSession.createDataFrame(rows, schema)
    return result if _for_findings else result.drop("title", "lint_ignore")


def _summarize_partition(rows: Iterable, dictionaries, per_shop: bool) -> Iterator[tuple]:
    from .duplicates.features import Features, title_part
    from .lexicon import Lexicon
    from .listing import Listing, ListingError

    features = Features(Lexicon(dictionaries))
    for row, index in rows:
        try:
            listing = Listing(_record(row))
        except ListingError:
            continue
        summary = features.summarize_listing(listing)
        if summary is None:
            continue
        bucket = ((listing.shop_id or "") if per_shop else "", title_part(summary.signature))
        yield index, listing.id, listing.title, bucket, summary.body, summary.signature, list(listing.lint_ignore)


def _all_pairs(members: list[int]) -> Iterator[tuple[int, int]]:
    for position, first in enumerate(members):
        for second in members[position + 1:]:
            yield first, second


def _neighbour_pairs(members: list[int], max_bucket: int) -> Iterator[tuple[int, int]]:
    """The pairs :func:`listing_lint.duplicates.minhash.pairs_sharing_keys` makes of one band bucket."""
    for position, first in enumerate(members):
        for second in members[position + 1:position + 1 + max_bucket]:
            yield first, second


def _band_keys(bucket: tuple[str, str], members: list[tuple[int, str, str]], grouping) -> Iterator[tuple[int, int]]:
    """((band key, column), rep index) of every member of one large bucket."""
    from .duplicates import minhash
    from .duplicates.features import compared_text
    from .duplicates.index import bucket_hash

    texts = [compared_text(body, signature) for _, body, signature in members]
    keys = minhash.text_band_keys(texts, bucket_hash(*bucket), grouping)
    for (index, _, _), row in zip(members, keys.tolist()):
        for column, key in enumerate(row):
            yield (key, column), index


def _verify_partition(pairs: Iterable, grouping) -> Iterator[tuple[int, int]]:
    """The pairs of this partition that are the same goods (rapidfuzz Dice, containment, substitution, veto)."""
    from .duplicates import minhash
    from .duplicates.features import compared_text
    from .duplicates.grouping import pair_similarity, same_goods

    pairs = list(pairs)
    if not pairs:
        return
    texts: dict[str, int] = {}
    for _, _, (body_a, sig_a), (body_b, sig_b) in pairs:
        texts.setdefault(compared_text(body_a, sig_a), len(texts))
        texts.setdefault(compared_text(body_b, sig_b), len(texts))
    strings = minhash.similarity_strings_of(list(texts))
    for a, b, (body_a, sig_a), (body_b, sig_b) in pairs:
        similarity = pair_similarity(strings[texts[compared_text(body_a, sig_a)]],
                                     strings[texts[compared_text(body_b, sig_b)]])
        if same_goods(body_a, sig_a, body_b, sig_b, *similarity, grouping):
            yield min(a, b), max(a, b)


def _components(edges, partitions: int):
    """(node, smallest node of its component) for every node of ``edges``: min-label propagation, a join and a
    reduce per round, until a round changes no label (the count is the only thing the driver sees)."""
    undirected = edges.flatMap(lambda edge: (edge, (edge[1], edge[0]))).partitionBy(partitions).cache()
    labels = undirected.map(lambda edge: (edge[0], edge[0])).reduceByKey(min, partitions).cache()
    while True:
        # Every node offers its label to its neighbours; each keeps the smallest it sees.
        proposals = undirected.join(labels, partitions).map(lambda kv: (kv[1][0], kv[1][1]))
        updated = labels.union(proposals).reduceByKey(min, partitions).cache()
        changed = updated.join(labels, partitions).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = updated
        if changed == 0:
            undirected.unpersist()
            return labels
