"""Options of the D-score family: one frozen object, the same names as CLI flags and API parameters.

Where the published packages disagree, the choice is an explicit option here, never a hidden one.
Package behaviour below was read from the packages' source:

* implicitMeasures 0.3.1 (Epifania), ``computeD``: ``latency > 10000`` dropped; the share of
  trials < 300 ms is computed but no participant is removed; ``d1``...``d6`` as in :class:`Variant`;
  inclusive SD taken with ``var`` (n - 1) *after* error replacement; replacement statistics (mean,
  ``sd`` of correct trials) are per block, after the > 10 000 ms (and, for d5/d6, < 400 ms) drop.
* iatgen (Carpenter et al.), ``cleanIAT``: ``> timeout.ms`` dropped; participants with more than
  10 % of raw trials < 300 ms dropped (``fastprt.drop = TRUE``, default); ``error.penalty.ms = 600``
  or ``"2SD"``; inclusive SD *after* the penalty.
* pyiat 0.2 (Millner), ``analyze_iat``: trials ``>= slow_rt`` (10 000) and ``< fast_rt`` (400)
  removed; no error replacement; participants only flagged (more than 10 % of trials fast or slow).
* IAT (Martin), ``cleanIAT``: ``vError``/``vExtreme``/``vStd``; it never removes participants,
  it only marks them (``SUBEXCL``).
* Greenwald, Nosek & Banaji (2003), Table 4: the pooled SD (step 6) is computed *before* error
  latencies are replaced (step 7).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from scoring.errors import InvalidOptionsError


class Variant(StrEnum):
    """D-score variants, numbered as in implicitMeasures ``computeD`` (Greenwald et al., 2003).

    ``D1`` built-in error penalty, no fast-trial deletion; ``D2`` built-in penalty, trials < 400 ms
    deleted; ``D3`` errors replaced by the block mean of correct trials + 2 SD; ``D4`` block mean of
    correct trials + 600 ms ("D600"); ``D5`` = D3 with < 400 ms deletion; ``D6`` = D4 with < 400 ms
    deletion.
    """

    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"
    D5 = "D5"
    D6 = "D6"

    @property
    def deletes_fast_trials(self) -> bool:
        """Whether trials < 400 ms are deleted (D2, D5, D6)."""
        return self in (Variant.D2, Variant.D5, Variant.D6)

    @property
    def penalty(self) -> str:
        """``"built_in"`` (D1, D2), ``"2sd"`` (D3, D5) or ``"600ms"`` (D4, D6)."""
        return {"D1": "built_in", "D2": "built_in", "D3": "2sd", "D5": "2sd"}.get(
            self.value, "600ms"
        )


class SlowCut(StrEnum):
    """How the 10 000 ms cut-off is applied.

    ``gt``: drop latency > 10 000 (Greenwald et al. 2003, implicitMeasures, iatgen).
    ``ge``: drop latency >= 10 000 (pyiat ``slow_rt``).
    """

    GT = "gt"
    GE = "ge"


class FastExclusion(StrEnum):
    """What to do with participants with > 10 % of critical trials < 300 ms.

    ``apply``: flag and exclude from the score (Greenwald et al. 2003; iatgen
    ``fastprt.drop=TRUE``).
    ``flag``: flag only, D still computed (implicitMeasures computes the share but keeps everyone;
    IAT ``cleanIAT`` marks ``SUBEXCL``). ``off``: neither flag nor exclude (pyiat, whose own flag
    uses a different rule).
    """

    APPLY = "apply"
    FLAG = "flag"
    OFF = "off"


class SdTiming(StrEnum):
    """Whether the inclusive SD is taken ``after`` or ``before`` error replacement (D3-D6 only).

    ``after``: implicitMeasures ``computeD``, iatgen ``cleanIAT``. ``before``: the step order of
    Greenwald et al. (2003) Table 4 (pooled SD in step 6, replacement in step 7).
    """

    AFTER = "after"
    BEFORE = "before"


class Latency(StrEnum):
    """Which latency enters every rule and mean.

    ``to_correct``: latency to the correct response, which includes the correction time after an
    error (the built-in penalty); what every package scores when given the latency recorded by a
    forced-correction task (Inquisit, Project Implicit, the example data of all four packages).
    ``first``: latency to the first response; what the packages score when given a task without
    forced correction, normally with D3-D6.
    """

    TO_CORRECT = "to_correct"
    FIRST = "first"


def _coerce(enum: type[StrEnum], value: object, name: str) -> StrEnum:
    text = str(value.value if isinstance(value, StrEnum) else value)
    for member in enum:
        if member.value.lower() == text.lower():
            return member
    allowed = ", ".join(m.value for m in enum)
    raise InvalidOptionsError(f"{name} must be one of {allowed}, not {value!r}")


@dataclass(frozen=True)
class DScoreOptions:
    """Every choice that changes a D score, named once (DESIGN §5).

    Parameters
    ----------
    variant : Variant
        D1-D6 (default D1, built-in error penalty).
    slow_cut : SlowCut
        ``gt`` (default) or ``ge`` 10 000 ms.
    fast_exclusion : FastExclusion
        ``apply`` (default), ``flag`` or ``off`` for the > 10 % under 300 ms rule.
    sd_timing : SdTiming
        ``after`` (default) or ``before`` error replacement; no effect on D1/D2.
    latency : Latency
        ``to_correct`` (default) or ``first``.

    Strings are accepted (case-insensitive) and turned into the enums; an unknown value raises
    :class:`~scoring.errors.InvalidOptionsError`.
    """

    variant: Variant = Variant.D1
    slow_cut: SlowCut = SlowCut.GT
    fast_exclusion: FastExclusion = FastExclusion.APPLY
    sd_timing: SdTiming = SdTiming.AFTER
    latency: Latency = Latency.TO_CORRECT

    def __post_init__(self) -> None:
        for name, enum in _FIELDS.items():
            object.__setattr__(self, name, _coerce(enum, getattr(self, name), name))

    def to_dict(self) -> dict[str, str]:
        """Plain ``{field: value}`` strings, e.g. for JSON provenance."""
        return {name: str(getattr(self, name)) for name in _FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DScoreOptions:
        """Inverse of :meth:`to_dict`; missing keys take the defaults, unknown keys raise."""
        unknown = set(data) - set(_FIELDS)
        if unknown:
            raise InvalidOptionsError(f"unknown D-score option(s): {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in data.items()})  # type: ignore[arg-type]


_FIELDS: dict[str, type[StrEnum]] = {
    "variant": Variant,
    "slow_cut": SlowCut,
    "fast_exclusion": FastExclusion,
    "sd_timing": SdTiming,
    "latency": Latency,
}

_ERROR_MODES = {
    "forced_correction": Variant.D1,
    "built_in": Variant.D1,
    "none": Variant.D4,
    "no_correction": Variant.D4,
    "flash": Variant.D4,  # the iat/ package's name for "error flash without correction"
}


def options_for_error_mode(error_mode: str) -> tuple[DScoreOptions, str]:
    """Default options for a study's error mode, with the reason to store in provenance.

    Studies with forced error correction score with D1 (built-in penalty); studies without it
    score with D4 (block mean of correct trials + 600 ms, "D600"), as DESIGN §5 fixes.

    Parameters
    ----------
    error_mode : str
        ``"forced_correction"``/``"built_in"``, or ``"none"``/``"no_correction"``/``"flash"``
        (``flash`` is the study setting of the ``iat`` package: errors flash, no correction).

    Returns
    -------
    options, reason : DScoreOptions, str

    Raises
    ------
    InvalidOptionsError
        For any other error mode.
    """
    variant = _ERROR_MODES.get(error_mode.strip().lower())
    if variant is None:
        raise InvalidOptionsError(
            f"error mode must be one of {', '.join(_ERROR_MODES)}, not {error_mode!r}"
        )
    reason = f"variant {variant} chosen by default for error mode {error_mode!r}"
    return DScoreOptions(variant=variant), reason
