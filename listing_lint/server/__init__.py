"""The HTTP service and the pre-publish check page (``listing-lint serve``, extra ``[server]``).

``create_app()`` builds the ASGI app (FastAPI) around one :class:`~listing_lint.linter.Linter`; the
endpoints are in :mod:`listing_lint.server.app`, the page's static files in ``static/``. This module
imports no web framework, so ``listing-lint --help`` stays fast and works without the extra.
"""

from __future__ import annotations

from typing import Any

DEFAULT_MAX_BODY = 4 * 1024 * 1024  # bytes of one request body
DEFAULT_MAX_BATCH = 1000  # listings in one request


def create_app(*args: Any, **kwargs: Any):
    """The ASGI app; see :func:`listing_lint.server.app.create_app` (``uvicorn --factory`` can call it bare)."""
    from .app import create_app as make

    return make(*args, **kwargs)
