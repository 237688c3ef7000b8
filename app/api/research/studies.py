"""Research API: the organisation's own studies and their pictures (``studies:write``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from starlette.concurrency import run_in_threadpool

from app.api.research.common import AUTH_ERRORS, error_response
from app.campaigns.catalogue import study_read
from app.deps import SessionDep
from app.domain import ActorKind
from app.exports.research_schemas import StudyRead
from app.instruments import editing, images
from app.instruments.schemas import ImageRead
from app.tokens.research_auth import StudiesWriter

router = APIRouter(prefix="/api/v1")
_SAVE_ERRORS = {
    **AUTH_ERRORS,
    409: error_response(
        "The content equals an older version.",
        "Conflict",
        "this content is already version 1 of the study",
    ),
}
_PICTURE_TYPES = {
    media_type: {"schema": {"type": "string", "format": "binary"}}
    for media_type in ("image/png", "image/jpeg", "image/webp")
}
_EXAMPLE = {
    "id": "service-words",
    "title": {"en": "Service vs Internal"},
    "languages": ["en"],
    "categories": {
        "target_a": {"labels": {"en": "Customer"}, "stimuli": {"en": ["Client", "Buyer"]}},
        "target_b": {"labels": {"en": "Internal"}, "stimuli": {"en": ["Memo", "Budget"]}},
        "attribute_pos": {"labels": {"en": "Good"}, "stimuli": {"en": ["Joy", "Peace"]}},
        "attribute_neg": {"labels": {"en": "Bad"}, "stimuli": {"en": ["Pain", "War"]}},
    },
}


@router.post(
    "/studies", response_model=StudyRead, status_code=201, responses=_SAVE_ERRORS, tags=["studies"]
)
def post_study(
    db: SessionDep,
    caller: StudiesWriter,
    body: Annotated[dict[str, Any], Body(openapi_examples={"words": {"value": _EXAMPLE}})],
) -> StudyRead:
    """Save one of the organisation's studies: the JSON `iat studies validate` checks (id,
    titles, categories with labels and stimuli per language, keys, error mode, block plan).
    A new id makes version 1; an id that exists edits its newest version in place while no
    campaign beyond the draft stage uses it, and otherwise makes the next version (running
    campaigns keep theirs). Each pair of categories needs as many stimuli; pictures must be
    uploaded first (`POST /api/v1/studies/images`). Errors name the field. Scope
    `studies:write`."""
    author = editing.Author(ActorKind.API_TOKEN, caller.actor_id)
    stored = editing.save_study(db, caller, author, body)
    return study_read(stored.study, stored.used)


@router.post(
    "/studies/images",
    response_model=ImageRead,
    status_code=201,
    responses={
        **AUTH_ERRORS,
        413: error_response("Over 5 MiB.", "PayloadTooLarge", "a picture may weigh at most …"),
    },
    tags=["studies"],
    openapi_extra={"requestBody": {"required": True, "content": _PICTURE_TYPES}},
)
async def post_image(db: SessionDep, caller: StudiesWriter, request: Request) -> ImageRead:
    """Upload one picture as the request body (PNG, JPEG or WebP, at most 5 MiB; checked by
    its content, SVG refused). It is re-encoded without metadata, resized to at most 800
    pixels and served at the returned `src` (`/media/<sha256>.<ext>`), which an image
    stimulus names with its alt text: `{"type": "image", "src": ..., "alt": ...}`. Scope
    `studies:write`."""
    data = await request.body()
    organisation_id = caller.organisation_id
    stored = await run_in_threadpool(images.store_image, db, organisation_id, data)
    return ImageRead(src=stored.src, width=stored.width, height=stored.height)
