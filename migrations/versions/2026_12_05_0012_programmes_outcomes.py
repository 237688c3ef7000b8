"""Programmes (waves of campaigns) and teams' customer outcomes

Revision ID: 0012_programmes_outcomes
Revises: 0010_mail_outbox
Create Date: 2026-12-05 02:30:00+00:00

- ``programmes``: a repeated measurement of one organisation (name unique per organisation);
- ``campaigns.programme_id``: the programme a campaign is a wave of (nullable, SET NULL when
  the programme is deleted);
- ``team_outcomes``: team-level customer indicators per campaign, metric and period.

The column is added with a plain ALTER TABLE on SQLite too (a table copy would delete, in
cascade, the rows that reference campaigns); SQLite accepts an inline REFERENCES clause on a
column added with a NULL default.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_programmes_outcomes"
down_revision: str | None = "0010_mail_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = "fk_campaigns_programme_id_programmes"


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey(
                "organisations.id",
                ondelete="CASCADE",
                name="fk_programmes_organisation_id_organisations",
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_programmes"),
        sa.UniqueConstraint("organisation_id", "name", name="uq_programmes_organisation_id_name"),
    )
    op.create_index("ix_programmes_organisation_id", "programmes", ["organisation_id"])
    _add_programme_column()
    _create_outcomes()


def _add_programme_column() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE campaigns ADD COLUMN programme_id INTEGER CONSTRAINT {_FK} "
            "REFERENCES programmes (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("campaigns", sa.Column("programme_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            _FK, "campaigns", "programmes", ["programme_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index("ix_campaigns_programme_id", "campaigns", ["programme_id"])


def _create_outcomes() -> None:
    op.create_table(
        "team_outcomes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "campaign_id",
            sa.Integer(),
            sa.ForeignKey(
                "campaigns.id", ondelete="CASCADE", name="fk_team_outcomes_campaign_id_campaigns"
            ),
            nullable=False,
        ),
        sa.Column(
            "team_id",
            sa.Integer(),
            sa.ForeignKey("teams.id", ondelete="CASCADE", name="fk_team_outcomes_team_id_teams"),
            nullable=False,
        ),
        sa.Column("metric", sa.String(100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n_customers", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(50), nullable=False),
        sa.Column("direction", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "direction IN ('higher_better', 'lower_better')",
            name="ck_team_outcomes_direction_valid",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_team_outcomes"),
        sa.UniqueConstraint(
            "campaign_id",
            "team_id",
            "metric",
            "period",
            name="uq_team_outcomes_campaign_id_team_id_metric_period",
        ),
    )
    op.create_index("ix_team_outcomes_campaign_id", "team_outcomes", ["campaign_id"])
    op.create_index("ix_team_outcomes_team_id", "team_outcomes", ["team_id"])


def downgrade() -> None:
    op.drop_table("team_outcomes")
    op.drop_index("ix_campaigns_programme_id", table_name="campaigns")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(_FK, "campaigns", type_="foreignkey")
    op.execute("ALTER TABLE campaigns DROP COLUMN programme_id")
    op.drop_table("programmes")
