"""Programmes (waves of campaigns): create, list, trends per team and change between waves."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.accounts.hr_auth import HRAdminCall, HRStaffCall
from app.deps import RowId
from app.domain import MAX_ROW_ID
from app.programmes import manage as programmes
from app.programmes.schemas import ChangeReportRead, ProgrammeCreate, ProgrammeRead, TrendsRead
from app.programmes.trends import programme_change, programme_trends

router = APIRouter(prefix="/api/v1/hr/programmes", tags=["hr"])
_WAVE = "a campaign id (a closed wave of the programme)"


@router.get("", response_model=list[ProgrammeRead])
def list_programmes(call: HRAdminCall) -> list[ProgrammeRead]:
    """The organisation's programmes by name, each with its campaigns in wave order."""
    return programmes.list_programmes(call.db, call.scope)


@router.post("", response_model=ProgrammeRead, status_code=201)
def create_programme(body: ProgrammeCreate, call: HRAdminCall) -> ProgrammeRead:
    """A new programme (a name unique in the organisation, else 409); campaigns join it with
    ``programme_id`` on create or update. HR admins only."""
    return programmes.create_programme(call.db, call.user, call.scope, body)


@router.get("/{programme_id}/trends", response_model=TrendsRead)
def trends(programme_id: RowId, call: HRStaffCall) -> TrendsRead:
    """Per team, mean D and each questionnaire subscale in every closed wave, with 95 % t
    intervals: the dashboards' published figures, suppressed wave by wave (a manager sees
    their teams only)."""
    return programme_trends(call.db, call.scope, programme_id)


@router.get("/{programme_id}/change", response_model=ChangeReportRead)
def change(
    programme_id: RowId,
    call: HRStaffCall,
    before: Annotated[int, Query(alias="from", ge=1, le=MAX_ROW_ID, description=_WAVE)],
    after: Annotated[int, Query(alias="to", ge=1, le=MAX_ROW_ID, description=_WAVE)],
) -> ChangeReportRead:
    """Per team and measure, the change from wave ``from`` to wave ``to`` (campaign ids of
    two closed waves): Welch's difference with its 95 % interval, and for D the
    reliable-change index; null unless the team's figure is shown in both waves."""
    return programme_change(call.db, call.scope, programme_id, before, after)
