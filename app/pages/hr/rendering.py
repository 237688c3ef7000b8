"""Rendering of HR pages: the CSRF token and the signed-in user."""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, Response

from app.accounts.hr_auth import csrf_token, ensure_csrf_cookie
from app.pages.templating import render


def render_hr(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """Render an HR page with ``csrf_token`` for every form and the signed-in user."""
    full = {
        "csrf_token": csrf_token(request),
        "hr_user": getattr(request.state, "hr_user", None),
        "demo_mailbox": request.app.state.settings.is_demo_like,  # /hr/mailbox in the nav
        **(context or {}),
    }
    response = render(request, template, full, status)
    ensure_csrf_cookie(request, response)
    return response


async def form_fields(request: Request) -> dict[str, str]:
    """The submitted form as text fields (files are read by the routes that take them)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Multi-valued fields (checkbox groups, multiple selects)."""
    form = await request.form()
    return {key: [v for v in form.getlist(key) if isinstance(v, str)] for key in form}


FormFields = Annotated[dict[str, str], Depends(form_fields)]
FormLists = Annotated[dict[str, list[str]], Depends(form_lists)]


async def uploaded_csv(request: Request) -> dict[str, str]:
    """The CSV of an import form, as ``ImportRequest`` fields: the ``csv_file`` upload's
    bytes (base64: the import detects their encoding), else the preview's ``csv_base64``
    (the same bytes, carried to the confirmation) or a ``csv_text`` field."""
    form = await request.form()
    upload = form.get("csv_file")
    if upload is not None and not isinstance(upload, str):
        raw = await upload.read()
        if raw:
            return {"csv_base64": base64.b64encode(raw).decode("ascii")}
    carried, text = form.get("csv_base64"), form.get("csv_text")
    if isinstance(carried, str) and carried:
        return {"csv_base64": carried}
    return {"csv": text if isinstance(text, str) else ""}


UploadedCsv = Annotated[dict[str, str], Depends(uploaded_csv)]


def csv_attachment(text: str, filename: str) -> Response:
    """A CSV download (BOM so spreadsheet programs read UTF-8), never cached."""
    headers = {
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    }
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8", headers=headers)
