"""Stored team aggregates (README "Aggregates")

Revision ID: 0011_stored_aggregates
Revises: 0010_mail_outbox
Create Date: 2026-12-05 02:40:00+00:00

- ``campaign_aggregates``: one row per campaign, the dashboards of every audience as JSON,
  computed when the data change (empty until the first refresh: the first read computes it);
- ``aggregate_changes``: committed changes not yet folded into the stored row.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_stored_aggregates"
down_revision: str | None = "0010_mail_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _campaign_id(table: str) -> sa.Column[int]:
    foreign = sa.ForeignKey(
        "campaigns.id", ondelete="CASCADE", name=f"fk_{table}_campaign_id_campaigns"
    )
    return sa.Column("campaign_id", sa.Integer(), foreign, nullable=False)


def upgrade() -> None:
    op.create_table(
        "campaign_aggregates",
        _campaign_id("campaign_aggregates"),
        sa.Column("payloads", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("campaign_id", name="pk_campaign_aggregates"),
    )
    op.create_table(
        "aggregate_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        _campaign_id("aggregate_changes"),
        sa.PrimaryKeyConstraint("id", name="pk_aggregate_changes"),
    )
    op.create_index("ix_aggregate_changes_campaign_id", "aggregate_changes", ["campaign_id"])


def downgrade() -> None:
    op.drop_index("ix_aggregate_changes_campaign_id", table_name="aggregate_changes")
    op.drop_table("aggregate_changes")
    op.drop_table("campaign_aggregates")
