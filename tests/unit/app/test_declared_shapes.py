"""Shapes declared once: the trial's fields reach every place that lists them; a D score's
details are typed."""

from __future__ import annotations

from dataclasses import fields

from app.db.models import Trial
from app.exports.research_schemas import TrialRecord
from app.exports.trial_format import CODEBOOK, COLUMNS, EXTRA_FIELDS
from app.participants.rights import _trial_dict
from app.sessions.repository import _TRIAL_COLUMNS, BlockColumns
from app.sessions.schemas import BLOCK_FIELDS, STORED_TRIAL_FIELDS, TRIAL_FIELDS, TrialUpload
from app.sessions.score_details import DScoreDetails, DScoreFlags


def test_stored_trial_fields_are_the_upload_fields_after_the_block_fields() -> None:
    assert tuple(TrialUpload.model_fields) == TRIAL_FIELDS
    assert STORED_TRIAL_FIELDS == BLOCK_FIELDS + TRIAL_FIELDS
    assert tuple(f.name for f in fields(BlockColumns)) == ("session_id", *BLOCK_FIELDS)


def test_every_declared_field_is_a_column_of_the_stored_row_and_of_the_insert() -> None:
    table_columns = set(Trial.__table__.columns.keys())  # type: ignore[attr-defined]
    assert set(STORED_TRIAL_FIELDS) <= table_columns
    assert _TRIAL_COLUMNS.split(", ") == ["session_id", *STORED_TRIAL_FIELDS, "created_at"]


def test_the_data_download_carries_every_declared_field() -> None:
    trial = Trial(**{name: None for name in STORED_TRIAL_FIELDS})
    assert tuple(_trial_dict(trial)) == STORED_TRIAL_FIELDS


def test_the_export_and_its_codebook_cover_every_declared_field() -> None:
    assert tuple(TrialRecord.model_fields) == COLUMNS == tuple(c.name for c in CODEBOOK)
    assert set(EXTRA_FIELDS) <= set(COLUMNS)
    interchange = {"block_index", "pairing", "stage", "trial_index", "stimulus_id"}
    interchange |= {"latency_ms", "error"}  # as trial, stimulus, latency_ms, correct
    assert set(STORED_TRIAL_FIELDS) == interchange | set(EXTRA_FIELDS)
    described = {c.name: c for c in CODEBOOK}
    assert described["first_key"].description == TrialUpload.model_fields["first_key"].description
    assert described["category"].values == [
        "target_a",
        "target_b",
        "attribute_pos",
        "attribute_neg",
    ]


def test_d_score_details_round_trip_and_read_older_rows() -> None:
    details = DScoreDetails(excluded=True, band="slight", flags=DScoreFlags(too_fast=True))
    assert DScoreDetails.stored(details.to_column()) == details
    assert details.flags.raised() == ("too_fast",)
    legacy = DScoreDetails.stored({"excluded": False, "band": "", "flags": {"too_fast": False}})
    assert legacy.flags.raised() == () and legacy.se is None
