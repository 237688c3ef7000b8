"""``/metrics``: Prometheus's text format, only for the addresses in ``IAT_METRICS_ALLOW``
(default loopback); anyone else gets the 404 of an address that does not exist."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.exceptions import HTTPException

from app.deps import SessionDep, SettingsDep
from app.observability import metrics
from app.proxy_headers import address_in

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
def metrics_page(request: Request, db: SessionDep, settings: SettingsDep) -> Response:
    client = request.client.host if request.client else ""
    if not address_in(client, settings.metrics_networks):
        raise HTTPException(404)
    body = metrics.render(db, request.app.state.engine)
    return Response(body, media_type=metrics.CONTENT_TYPE)
