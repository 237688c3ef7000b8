"""What a stored score needs to be reproduced exactly or rescored under another variant."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields

from scoring.errors import InvalidOptionsError
from scoring.options import DScoreOptions


@dataclass(frozen=True)
class Provenance:
    """Algorithm, options, package version and counts behind a set of D scores.

    Attributes
    ----------
    options : DScoreOptions
        Every option, the variant included.
    package_version : str
        ``scoring.__version__`` that computed the scores.
    note : str
        Why the variant was chosen (e.g. the default for a study without forced correction).
    n_participants, n_scored, n_excluded : int
        Labels seen, participants with a finite D, participants excluded by the fast rule.
    n_trials, n_slow, n_fast, n_kept : int
        Critical trials recorded, dropped as slow, dropped as < 400 ms, entering D.
    n_boot, n_splits, seed : int
        Bootstrap replicates, random splits and the seed they were drawn with.
    source : dict of str to str
        Free description of the input (file, columns, block mapping) added by the caller.
    """

    options: DScoreOptions
    package_version: str
    note: str
    n_participants: int
    n_scored: int
    n_excluded: int
    n_trials: int
    n_slow: int
    n_fast: int
    n_kept: int
    n_boot: int
    n_splits: int
    seed: int
    source: Mapping[str, str] = field(default_factory=dict)

    @property
    def variant(self) -> str:
        """The variant name, e.g. ``"D1"``."""
        return str(self.options.variant)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready dict; ``variant`` is repeated at top level for readers."""
        data = asdict(self)
        data["options"] = self.options.to_dict()
        data["source"] = dict(self.source)
        return {"variant": self.variant, **data}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Provenance:
        """Inverse of :meth:`to_dict`."""
        names = {f.name for f in fields(cls)}
        missing = names - set(data) - {"source"}
        if missing:
            raise InvalidOptionsError(f"provenance lacks: {', '.join(sorted(missing))}")
        options = data["options"]
        if not isinstance(options, Mapping):
            raise InvalidOptionsError("provenance 'options' must be a mapping")
        values = {k: v for k, v in data.items() if k in names}
        values["options"] = DScoreOptions.from_dict(options)
        return cls(**values)  # type: ignore[arg-type]
