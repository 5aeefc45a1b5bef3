"""Answers computed from a QCEW store, kept while the store holds the same files.

The region analysis page recomputes the same ranking for every visitor (p50 170 ms on
the served demo, against 27 ms for the other pages). Its answer depends only on the
store's content and the query, so it is kept here under both: the SHA-256 of every
stored part (the manifest names them) and the request. When the store changes (a file
ingested or removed), its fingerprint changes and every answer kept for the old one is
dropped; nothing has to remember to invalidate.

Per process (each web worker keeps its own), bounded to ``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 64

_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple[str, str, str], Any] = OrderedDict()
_FINGERPRINTS: dict[str, str] = {}


def store_fingerprint(store: Any) -> tuple[str, str]:
    """(where the store is, a digest of its parts' content hashes and its titles)."""
    where = str(getattr(store, "location", None) or getattr(store, "root", ""))
    manifest = store.manifest()
    digest = hashlib.sha256()
    for sha256 in sorted(part.sha256 for part in manifest.parts):
        digest.update(sha256.encode())
    titles = store.titles()
    for kind in sorted(titles):
        digest.update(repr(sorted(titles[kind].items())).encode())
    return where, digest.hexdigest()


def from_store(store: Any, query: Hashable, build: Callable[[], T]) -> T:
    """``build()``'s answer for ``query`` on ``store``, computed once per store content.

    ``query`` must describe everything the answer depends on besides the store (the
    analysis request); its ``repr`` is the key, so a frozen dataclass serves.
    """
    where, fingerprint = store_fingerprint(store)
    key = (where, fingerprint, repr(query))
    with _LOCK:
        if _FINGERPRINTS.get(where) != fingerprint:
            # The store changed: what was computed from its old content goes.
            for stale in [k for k in _ENTRIES if k[0] == where]:
                del _ENTRIES[stale]
            _FINGERPRINTS[where] = fingerprint
        elif key in _ENTRIES:
            _ENTRIES.move_to_end(key)
            return _ENTRIES[key]  # type: ignore[no-any-return]
    answer = build()
    with _LOCK:
        if _FINGERPRINTS.get(where) == fingerprint:
            _ENTRIES[key] = answer
            while len(_ENTRIES) > MAX_ENTRIES:
                _ENTRIES.popitem(last=False)
    return answer


def clear() -> None:
    with _LOCK:
        _ENTRIES.clear()
        _FINGERPRINTS.clear()
