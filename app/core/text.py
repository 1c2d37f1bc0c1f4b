"""Text folding for search: the same answers on every database.

SQLite's ``lower()`` folds ASCII only and PostgreSQL's follows its collation, so a search
comparing ``lower(name)`` finds "ZULKIFLI RÉ" by "ré" on one and not the other. Instead each
searchable row stores a *search key* computed here, in Python, on write (NFKC-normalised and
case-folded, Unicode's ``NFKC_Casefold`` in effect), and a query's text is folded the same
way: the database only compares folded strings, which every backend does alike.
"""

import unicodedata


def search_key(text: str) -> str:
    """``text`` NFKC-normalised and case-folded: full-width letters become ASCII, "É" and
    "é" compare equal, "ß" matches "ss"."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def activity_key(title: str) -> str:
    """A title as duplicate learning records are found by: its search key, spaces collapsed."""
    return " ".join(search_key(title).split())
