"""Organisations' own studies (versioned) and their uploaded images

Revision ID: 0013_study_editor
Revises: 0012_programmes_outcomes
Create Date: 2026-12-05 02:30:00+00:00

- ``studies.organisation_id`` (NULL: a built-in study; no foreign key: SQLite cannot add one
  to an existing table without copying it) and ``studies.version_number``
  (1, 2, ... per organisation study; NULL for built-ins);
- ``study_images``: uploaded stimulus pictures, re-encoded, keyed by their SHA-256.

Columns are added with a plain ALTER TABLE (a SQLite table copy of ``studies`` would trip
the campaigns' RESTRICT foreign key).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_study_editor"
down_revision: str | None = "0012_programmes_outcomes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("studies", sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.add_column("studies", sa.Column("version_number", sa.Integer(), nullable=True))
    op.create_index("ix_studies_organisation_id", "studies", ["organisation_id"])
    op.create_index(
        "uq_studies_study_key_version", "studies", ["study_key", "version_number"], unique=True
    )
    op.create_table(
        "study_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("media_type", sa.String(20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column(
            "organisation_id",
            sa.Integer(),
            sa.ForeignKey(
                "organisations.id",
                ondelete="SET NULL",
                name="fk_study_images_organisation_id_organisations",
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_study_images"),
        sa.UniqueConstraint("sha256", name="uq_study_images_sha256"),
    )


def downgrade() -> None:
    op.drop_table("study_images")
    op.drop_index("uq_studies_study_key_version", table_name="studies")
    op.drop_index("ix_studies_organisation_id", table_name="studies")
    op.execute("ALTER TABLE studies DROP COLUMN version_number")
    op.execute("ALTER TABLE studies DROP COLUMN organisation_id")
