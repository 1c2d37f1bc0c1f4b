"""Write the OpenAPI contract to ``openapi.json``: ``python -m app.openapi``."""

import json
import sys
from pathlib import Path
from typing import Any

from app.core.config import ROOT, Settings
from app.core.db import create_db_engine
from app.main import create_app

SPEC_PATH = ROOT / "openapi.json"


def current_spec() -> dict[str, Any]:
    """The spec as the code generates it with the default settings (no database is touched;
    the environment is not read, so the committed spec never depends on it)."""
    settings = Settings.model_construct(database_url="sqlite://")
    return create_app(settings, engine=create_db_engine(settings)).openapi()


def render(spec: dict[str, Any]) -> str:
    """Stable text form: sorted keys, two-space indent, final newline."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(path: Path = SPEC_PATH) -> None:
    """Regenerate the committed spec."""
    path.write_text(render(current_spec()), encoding="utf-8")
    sys.stdout.write(f"wrote {path.name}\n")


if __name__ == "__main__":
    main()
