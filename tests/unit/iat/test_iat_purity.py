"""``iat`` imports no web, database or app code, and not ``scoring``."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("fastapi", "starlette", "sqlalchemy", "jinja2", "app", "scoring", "alembic")


def test_importing_iat_pulls_in_no_forbidden_module() -> None:
    code = (
        "import sys, iat, iat.simulation, iat.texts, iat.catalogue\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
