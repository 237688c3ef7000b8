"""The baseline of bench_load.py: a bare FastAPI endpoint that only validates a block upload.

Served by uvicorn with the same number of workers as the real app, it measures what the
machine, the HTTP stack and pydantic validation cost, without the database or our services.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import FastAPI, Header, Path

from app.sessions.schemas import BlockReceipt, BlockUploadCreate

app = FastAPI()


@app.put("/api/v1/participant/blocks/{index}")
def put_block(
    body: BlockUploadCreate,
    index: Annotated[int, Path(ge=1, le=7)],
    authorization: Annotated[str | None, Header()] = None,
) -> BlockReceipt:
    return BlockReceipt(block_index=index, trial_count=len(body.trials))
