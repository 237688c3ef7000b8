"""Participant API: what the test page calls, authorised by the invitation token.

The token travels in ``Authorization: Bearer <token>`` (never logged, never in a Referer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query
from sqlalchemy.orm import Session

from app.api.json_route import ValidatedJsonRoute
from app.config import Settings
from app.deps import BlockWriterDep, SessionDep, SettingsDep
from app.errors import Unauthorized
from app.participants import rights
from app.questionnaire import answering as questionnaire
from app.questionnaire.schemas import PageReceipt, PageSave, QuestionnaireRead
from app.sessions import blocks, finish, flow
from app.sessions.schemas import (
    BlockReceipt,
    BlockUploadCreate,
    ConsentCreate,
    FinishRead,
    PlanRead,
    SessionRead,
    SkipCreate,
    StartCreate,
)
from iat.blocks import MAX_BLOCKS

# Bodies validated from the raw bytes: block uploads are the busiest route (issue 5 load).
router = APIRouter(
    prefix="/api/v1/participant", tags=["participant"], route_class=ValidatedJsonRoute
)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No invitation token in the Authorization header."},
    404: {"description": "Unknown invitation token."},
    409: {"description": "Not possible in the session's current state."},
    410: {"description": "Link replaced by a newer one, or campaign closed."},
    422: {"description": "Invalid input; `detail` says what is wrong."},
}


async def invitation_token(authorization: Annotated[str | None, Header()] = None) -> str:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("send the invitation token as 'Authorization: Bearer <token>'")
    return token.strip()


TokenDep = Annotated[str, Depends(invitation_token)]


@dataclass(frozen=True)
class ParticipantCall:
    """What the steps of the participant's way are called with: the database session, the
    settings and the invitation token."""

    db: Session
    settings: Settings
    token: str


def participant_call(db: SessionDep, settings: SettingsDep, token: TokenDep) -> ParticipantCall:
    return ParticipantCall(db, settings, token)


CallDep = Annotated[ParticipantCall, Depends(participant_call)]
Simulate = Annotated[
    float | None,
    Query(gt=0, le=1, description="demo/test only: time scale of a self-answering simulation"),
]


@router.get("/session", response_model=SessionRead, responses=ERRORS)
def get_session(call: CallDep, lang: str | None = None) -> SessionRead:
    """Open (or reopen) the link: state, next step and the consent text."""
    return flow.session_status(call.db, call.settings, call.token, lang)


@router.post("/consent", response_model=SessionRead, responses=ERRORS)
def post_consent(call: CallDep, body: ConsentCreate) -> SessionRead:
    """Agree to take part, or decline (``accept: false`` records ``declined``)."""
    return flow.give_consent(call.db, call.settings, call.token, body)


@router.post("/start", response_model=PlanRead, responses=ERRORS)
def post_start(call: CallDep, body: StartCreate, simulate: Simulate = None) -> PlanRead:
    """Start or resume the timed test; returns the plan and the first block to run."""
    return flow.start_iat(call.db, call.settings, call.token, body, simulate)


@router.get("/plan", response_model=PlanRead, responses=ERRORS)
def get_plan(call: CallDep, simulate: Simulate = None) -> PlanRead:
    """The session's plan (the same on every call) and how many blocks are stored."""
    return flow.get_plan(call.db, call.settings, call.token, simulate)


@router.put("/blocks/{index}", response_model=BlockReceipt, responses=ERRORS)
async def put_block(
    writer: BlockWriterDep,
    token: TokenDep,
    body: BlockUploadCreate,
    index: Annotated[int, Path(ge=1, le=MAX_BLOCKS)],
) -> BlockReceipt:
    """Store one block (all its trials or none; ``index`` from 1 to the plan's block count).
    Retrying a stored block answers the same; different data for a stored block is a 409."""
    return await writer.submit(blocks.prepare_upload(token, index, body))


@router.post("/skip", response_model=SessionRead, responses=ERRORS)
def post_skip(call: CallDep, body: SkipCreate) -> SessionRead:
    """Skip the timed test (e.g. disability, no keyboard or touchscreen); recorded."""
    return flow.skip_iat(call.db, call.settings, call.token, body)


@router.post("/finish", response_model=FinishRead, responses=ERRORS)
def post_finish(db: SessionDep, token: TokenDep) -> FinishRead:
    """Score and complete the session; returns the feedback if the campaign offers it."""
    return finish.finish_session(db, token)


@router.get("/end", response_model=FinishRead, responses=ERRORS)
def get_end(db: SessionDep, token: TokenDep) -> FinishRead:
    """The end page of a completed session."""
    return finish.end_page(db, token)


@router.get("/questionnaire", response_model=QuestionnaireRead, responses=ERRORS)
def get_questionnaire(db: SessionDep, token: TokenDep) -> QuestionnaireRead:
    """The questionnaire pages in the session's language and the answers saved so far."""
    return questionnaire.get_questionnaire(db, token)


@router.put("/questionnaire/pages/{index}", response_model=PageReceipt, responses=ERRORS)
def put_questionnaire_page(
    db: SessionDep, token: TokenDep, body: PageSave, index: Annotated[int, Path(ge=1, le=100)]
) -> PageReceipt:
    """Save one page (all its answers or none). Saving a page again replaces its answers;
    blank optional items are simply left out; ``value: null`` records "don't know"."""
    return questionnaire.save_page(db, token, index, body)


@router.post("/withdraw", responses=ERRORS)
def post_withdraw(db: SessionDep, token: TokenDep) -> dict[str, int]:
    """Withdraw: erases this session's trials, answers and scores (audited)."""
    return rights.withdraw(db, token)


@router.get("/data", responses=ERRORS)
def get_own_data(db: SessionDep, token: TokenDep) -> dict[str, Any]:
    """Download everything stored about this session (JSON)."""
    return rights.own_data(db, token)
