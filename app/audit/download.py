"""The audit log as a CSV file: the events the filters select, every page of them.

Every text cell goes through ``app.exports.csv_cells.neutralise`` (via ``csv_bytes``): an
account's e-mail or a research token's name such as ``=HYPERLINK(...)`` is written as text,
never as a formula a spreadsheet would run.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import actor_label, every_event
from app.audit.schemas import AuditEventRead, AuditQuery
from app.exports.schemas import ExportColumn
from app.exports.writers import Cell, csv_bytes

COLUMNS = tuple(
    ExportColumn(name=name, type=kind)
    for name, kind in (
        ("created_at_utc", "string"),
        ("actor_kind", "string"),
        ("actor", "string"),
        ("action", "string"),
        ("what", "string"),
        ("target_kind", "string"),
        ("target_id", "string"),
        ("target", "string"),
        ("row_count", "integer"),
    )
)


def audit_csv(db: Session, scope: HRScope, query: AuditQuery, lang: str) -> bytes:
    """Every event ``query``'s filters select (its page ignored), newest first; ``what`` in
    ``lang``."""
    return csv_bytes(COLUMNS, [_row(event, lang) for event in every_event(db, scope, query)])


def _row(event: AuditEventRead, lang: str) -> list[Cell]:
    return [
        event.created_at.isoformat(),
        event.actor_kind,
        actor_label(event, lang),
        event.action,
        event.summary.get(lang, ""),
        event.target_kind,
        event.target_id,
        event.target_name,
        event.row_count,
    ]
