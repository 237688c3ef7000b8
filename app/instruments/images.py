"""Uploaded stimulus pictures: checked by content, re-encoded, resized, stored by hash.

Only PNG, JPEG and WebP are read, and by their bytes (Pillow), never by a name or a declared
type: an SVG (which can carry script) or an HTML page named ``x.png`` is refused. The stored
picture is re-encoded (no metadata survives, e.g. a photo's location) and at most
``MAX_SIDE`` pixels on its longer side; its SHA-256 names it (``/media/<sha256>.<ext>``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from sqlalchemy.orm import Session

from app.db.models import Study, StudyImage
from app.errors import AppError, InvalidInput, NotFound
from app.i18n import N_
from app.instruments import repository as repo

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_SIDE = 800
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
_FORMATS = {
    "PNG": ("image/png", "png"),
    "JPEG": ("image/jpeg", "jpg"),
    "WEBP": ("image/webp", "webp"),
}
MEDIA_TYPES = {ext: media_type for media_type, ext in _FORMATS.values()}
NOT_AN_IMAGE = N_("the file is not a PNG, JPEG or WebP picture")


class ImageTooLarge(AppError):
    status_code = 413
    name = "PayloadTooLarge"


@dataclass(frozen=True)
class StoredImage:
    """Where a stored picture is served, and its size."""

    src: str
    width: int
    height: int


def _decoded(data: bytes) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput(NOT_AN_IMAGE)
            image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise InvalidInput(NOT_AN_IMAGE) from exc
    except Image.DecompressionBombWarning as exc:
        raise InvalidInput(NOT_AN_IMAGE) from exc
    return image


def _encoded(image: Image.Image, image_format: str) -> bytes:
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format=image_format)
    return out.getvalue()


def store_image(db: Session, organisation_id: int, data: bytes) -> StoredImage:
    """Check, re-encode and store a picture (the same bytes once); where it is served."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLarge(N_("a picture may weigh at most {limit} bytes"), limit=MAX_IMAGE_BYTES)
    image = _decoded(data)
    image_format = str(image.format)
    media_type, ext = _FORMATS[image_format]
    encoded = _encoded(image, image_format)
    sha256 = hashlib.sha256(encoded).hexdigest()
    stored = repo.image_by_hash(db, sha256)
    if stored is None:
        stored = StudyImage(sha256=sha256, media_type=media_type, data=encoded)
        stored.width, stored.height = image.width, image.height
        stored.organisation_id = organisation_id
        db.add(stored)
        db.commit()
    return StoredImage(f"/media/{sha256}.{ext}", stored.width, stored.height)


def study_has_pictures(db: Session, study_id: int | None) -> bool:
    """Whether the study shows pictures (its page then loads the picture module)."""
    study = db.get(Study, study_id) if study_id is not None else None
    if study is None:
        return False
    return any(
        isinstance(stimulus, dict) and stimulus.get("type") == "image"
        for category in study.definition.get("categories", {}).values()
        if category  # a single-category IAT has no second target
        for stimuli in (category.get("stimuli") or {}).values()
        for stimulus in stimuli or ()
    )


def served_image(db: Session, name: str) -> tuple[bytes, str]:
    """The bytes and media type of ``<sha256>.<ext>``; NotFound otherwise."""
    sha256, _, ext = name.partition(".")
    stored = repo.image_by_hash(db, sha256) if len(sha256) == 64 else None
    if stored is None or MEDIA_TYPES.get(ext) != stored.media_type:
        raise NotFound(N_("no such picture"))
    return stored.data, stored.media_type
