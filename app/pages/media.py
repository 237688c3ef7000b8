"""Uploaded study pictures, served from our own origin (``/media/<sha256>.<ext>``).

The name is the hash of the bytes, so an answer never changes: a year's ``immutable``
cache. The type is the one Pillow found when the picture was checked (``nosniff`` is on
every answer), never guessed from the name.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from app.deps import SessionDep
from app.instruments import images

router = APIRouter()
CACHE_FOREVER = "public, max-age=31536000, immutable"


@router.get("/media/{name}", include_in_schema=False)
def media(
    db: SessionDep, name: Annotated[str, Path(pattern=r"^[0-9a-f]{64}\.(png|jpg|webp)$")]
) -> Response:
    data, media_type = images.served_image(db, name)
    return Response(data, media_type=media_type, headers={"cache-control": CACHE_FOREVER})
