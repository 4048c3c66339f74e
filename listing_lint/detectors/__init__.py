"""Matchers shared by rules: they work on normalized :class:`~listing_lint.normalize.Text` views and know
nothing of listings, profiles or findings."""
