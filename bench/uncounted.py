"""The real app with every name search counted in full, as the comparison of a ``bench.run``
(``--against bench.uncounted:create_app``): the ratio is then what bounding the count of a
name search's matches (``BANGKOM_SEARCH_COUNT_LIMIT``) and reading its page from the sort's
index gain (``app.employees.service.list_employees``).

With a limit no search reaches, every search takes the path searches took before the bound:
an exact count of its matches, and its page found by the trigram index and then sorted.
Never served but by the benchmark.
"""

from fastapi import FastAPI

from app.core.config import Settings
from app.main import create_app as create_real_app

UNREACHABLE = 10**9
# Its totals are exact where the real app's say "at least": not compared (bench.check).
COMPARED_APART = ("$.total", "$.total_exact")


def create_app() -> FastAPI:
    """The app, its name searches counted in full."""
    return create_real_app(Settings(search_count_limit=UNREACHABLE))
