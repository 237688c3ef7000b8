"""Lists of static files the pages preload (computed once per process from the folder)."""

from __future__ import annotations

from functools import cache

from app.pages.templating import FRONTEND_DIR

# The test page's module graph; the questionnaire and js/participant/on-demand (end page,
# withdrawal confirmation) load when needed, so they are left out.
PARTICIPANT_MODULE_DIRS = ("js/iat", "js/participant")
ON_DEMAND = "on-demand"


@cache
def participant_modules() -> tuple[str, ...]:
    """URLs of every ES module of the test page, for ``<link rel="modulepreload">``: the
    browser fetches them in parallel instead of discovering the import graph level by level."""
    static = FRONTEND_DIR / "static"
    files = sorted(
        path
        for folder in PARTICIPANT_MODULE_DIRS
        for path in (static / folder).rglob("*.js")
        if ON_DEMAND not in path.parts
    )
    return tuple("/static/" + path.relative_to(static).as_posix() for path in files)
