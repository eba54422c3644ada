"""Which store holds the data (issue 15): ``store:`` in config.yaml or VET_DASHBOARD_STORE, checked here.

The store itself (metrics.store) sits above the intake and access layers it serves; the loaders reach a
non-file store only through :func:`open_backend`, which imports it by name at run time, as a backend is
chosen by its URL's scheme. With the files (the default) nothing of metrics.store is imported at all.
"""

from __future__ import annotations

import importlib
from typing import Any
from urllib.parse import urlsplit

from metrics.domain.messages import Message, msg

STORE_ENV = "VET_DASHBOARD_STORE"
FILES = "files"
URL_SCHEMES = ("postgresql", "postgres")


def store_problem(text: str, in_config: bool) -> Message | None:
    """Why ``text`` is not a store setting (None when it is one); a password is refused in config.yaml."""
    if text == FILES:
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme not in URL_SCHEMES:
        return msg("problem.not_a_store", value=repr(text))
    if in_config and parts.password:
        return msg("problem.store_password", variable=STORE_ENV)
    return None


def shown_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    if url == FILES:
        return url
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()
    return url


def open_backend(config: Any) -> Any:
    """The store of a metrics.load.config.Config whose ``store`` is not the files (a metrics.store.Store)."""
    return importlib.import_module("metrics.store").open_store(config)
