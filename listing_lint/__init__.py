"""listing-lint: lint Chinese e-commerce product listings against the platforms' publishing rules.

    from listing_lint import lint, Linter
    lint({"id": "1", "title": "百億補貼 纯棉T恤"})
"""

from .config import Config
from .finding import Finding, Fix, Hit
from .linter import Linter, lint
from .listing import Listing, ListingError

__version__ = "0.1.0"
__all__ = ["Config", "Finding", "Fix", "Hit", "Linter", "Listing", "ListingError", "lint", "__version__"]
