"""A route class that validates JSON request bodies straight from the bytes.

FastAPI decodes a JSON body with the standard library (``json.loads``) and then validates the
resulting dicts and lists against the body model; pydantic can do both in one pass over the
raw bytes (``model_validate_json``, in Rust), about twice as fast for an uploaded block of
trials (bench/RESULTS.md). ``ValidatedJsonRoute`` does that before FastAPI's own handler runs
and hands it the validated model, so everything else (dependencies, OpenAPI, responses) is
FastAPI's as usual. This follows FastAPI's documented "custom Request and APIRoute class"
pattern.

Errors keep FastAPI's shape (a ``RequestValidationError`` whose locations start with
``"body"``), so app.errors renders them like any other 422. Bodies this class does not
handle (no JSON content type, an empty body, a body that is not one pydantic model) go to
FastAPI unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _is_json(content_type: str | None) -> bool:
    """Whether FastAPI would read this body as JSON: ``application/json`` or
    ``application/<anything>+json``, parameters (charset) aside."""
    if not content_type:
        return False
    media_type = content_type.partition(";")[0].strip().lower()
    main, _, sub = media_type.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


class _ValidatedJsonRequest(Request):
    """A request whose ``json()`` is the body model, validated from the raw bytes."""

    validated: BaseModel | None = None

    async def json(self) -> Any:
        if self.validated is not None:
            return self.validated
        return await super().json()


class ValidatedJsonRoute(APIRoute):
    """An APIRoute whose single pydantic-model JSON body is validated by
    ``model_validate_json`` on the raw bytes (see the module docstring)."""

    def _body_model(self) -> type[BaseModel] | None:
        field = self.body_field
        if field is None or self._embed_body_fields:
            return None
        annotation = field.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return annotation
        return None

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()
        model = self._body_model()
        if model is None:
            return handler

        async def validate_then_handle(request: Request) -> Response:
            request = _ValidatedJsonRequest(request.scope, request.receive)
            if _is_json(request.headers.get("content-type")):
                raw = await request.body()
                if raw:
                    try:
                        request.validated = model.model_validate_json(raw)
                    except ValidationError as exc:
                        errors = exc.errors(include_url=False)
                        raise RequestValidationError(
                            [{**error, "loc": ("body", *error["loc"])} for error in errors],
                            body=raw,
                        ) from None
            return await handler(request)

        return validate_then_handle
