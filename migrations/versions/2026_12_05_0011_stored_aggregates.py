"""Stored team aggregates (README "Aggregates")

Revision ID: 0011_stored_aggregates
Revises: 0013_study_editor
Create Date: 2026-12-05 02:40:00+00:00

- ``campaign_aggregates``: one row per campaign, the dashboards of every audience as JSON,
  computed when the data change (empty until the first refresh: the first read computes it);
- ``aggregate_changes``: committed changes not yet folded into the stored row;
- ``session_halves``: each session's odd/even half D, computed once from its trials.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_stored_aggregates"
down_revision: str | None = "0013_study_editor"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _reference(
    table: str, column: str = "campaign_id", target: str = "campaigns"
) -> sa.Column[int]:
    foreign = sa.ForeignKey(
        f"{target}.id", ondelete="CASCADE", name=f"fk_{table}_{column}_{target}"
    )
    return sa.Column(column, sa.Integer(), foreign, nullable=False)


def upgrade() -> None:
    op.create_table(
        "campaign_aggregates",
        _reference("campaign_aggregates"),
        sa.Column("payloads", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id", name="pk_campaign_aggregates"),
    )
    op.create_table(
        "aggregate_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _reference("aggregate_changes"),
        sa.PrimaryKeyConstraint("id", name="pk_aggregate_changes"),
    )
    op.create_index("ix_aggregate_changes_campaign_id", "aggregate_changes", ["campaign_id"])
    op.create_table(
        "session_halves",
        _reference("session_halves", "session_id", "participant_sessions"),
        sa.Column("d_odd", sa.Float(), nullable=True),
        sa.Column("d_even", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("session_id", name="pk_session_halves"),
    )


def downgrade() -> None:
    op.drop_table("session_halves")
    op.drop_index("ix_aggregate_changes_campaign_id", table_name="aggregate_changes")
    op.drop_table("aggregate_changes")
    op.drop_table("campaign_aggregates")
