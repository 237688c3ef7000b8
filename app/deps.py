"""FastAPI dependencies, declared once as ``Annotated`` aliases.

Dependencies only open and close database sessions; services commit (STYLE rule 3).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session

from app.config import Settings
from app.domain import MAX_ROW_ID
from app.sessions.block_writer import BlockWriter


# Dependencies that do no I/O are ``async``: FastAPI runs a plain ``def`` dependency on its
# thread pool, a hand-off per request for nothing.
async def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_db(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()


async def get_block_writer(request: Request) -> BlockWriter:
    writer: BlockWriter = request.app.state.block_writer
    return writer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
SessionDep = Annotated[Session, Depends(get_db)]
BlockWriterDep = Annotated[BlockWriter, Depends(get_block_writer)]

# A row id in a path: 1 … MAX_ROW_ID, anything else is a 422 before any query runs.
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="Row id.")]
