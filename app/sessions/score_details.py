"""The stored ``Score.details`` of an IAT D score, declared once (written on scoring, read by
the feedback, the HR aggregates and the exports)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class DScoreFlags(BaseModel):
    """The quality flags beside a D (DESIGN §5); any of them set marks the score as flagged."""

    too_fast: bool = False
    too_many_errors: bool = False
    missing_block: bool = False
    too_few_trials: bool = False

    def raised(self) -> tuple[str, ...]:
        """The names of the flags that are set, in declaration order."""
        return tuple(name for name, value in self.model_dump().items() if value)


class DScoreDetails(BaseModel):
    """What a stored D score carries beside its value. ``None`` = not computable (NaN)."""

    model_config = ConfigDict(frozen=True)

    d_practice: float | None = None
    d_test: float | None = None
    excluded: bool = False
    error_rate: float | None = None
    fast_rate: float | None = None
    band: str | None = Field(default=None, description="none | slight | moderate | strong")
    se: float | None = None
    flags: DScoreFlags = DScoreFlags()
    provenance: dict[str, Any] = Field(
        default_factory=dict, description="scoring.provenance.Provenance.to_dict()"
    )

    @classmethod
    def stored(cls, details: dict[str, Any]) -> DScoreDetails:
        """The typed details of a stored ``Score.details`` column."""
        return cls.model_validate(details)

    def to_column(self) -> dict[str, Any]:
        """The JSON written to ``Score.details``."""
        return self.model_dump(mode="json")
