"""The two steps of a CSV import page: a preview (the file's bytes carried in the page to the
confirmation), then the write and a redirect."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Protocol

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from app.errors import InvalidInput
from app.i18n import N_
from app.pages.hr.rendering import render_hr
from app.participants.csv_text import LABELS
from app.participants.schemas import ImportRequest


class Preview(Protocol):
    written: bool
    encoding: str | None


def import_page(
    request: Request,
    campaign_id: int,
    fields: tuple[dict[str, str], dict[str, str]],
    run: Callable[[ImportRequest], Preview],
    template: str,
    done_url: str,
) -> Response:
    """``fields``: the form's text fields and the uploaded CSV (``UploadedCsv``); ``run``
    previews or writes; written: a redirect to ``done_url``, else the preview page."""
    form, file = fields
    try:
        body = ImportRequest.model_validate(file | {"confirm": form.get("confirm") == "1"})
    except ValidationError as exc:  # only a file over the size limit gets here
        raise InvalidInput(N_("the file is too large")) from exc
    preview = run(body)
    if preview.written:
        return RedirectResponse(done_url, 303)
    carried = body.csv_base64 or base64.b64encode((body.csv or "").encode()).decode("ascii")
    context = {"campaign_id": campaign_id, "preview": preview, "csv_base64": carried}
    context["encoding"] = LABELS.get(preview.encoding or "")
    return render_hr(request, template, context)
