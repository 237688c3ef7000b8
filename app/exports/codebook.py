"""The columns of the individual and team exports, declared once with their codebook text.

Column names are machine names, never translated; each title (the header of the ``csv_excel``
and ``xlsx`` files) and description is an English msgid of the gettext catalogue, translated
when a file or a codebook is written.
"""

from __future__ import annotations

from typing import Literal

from app.exports.schemas import ExportColumn
from app.i18n import N_

_C = ExportColumn


_Row = tuple[str, Literal["string", "integer", "number", "boolean"], str, str]

# D and rates are read in thousandths (.15, .35, .65 limit the bands): 3 decimals in XLSX.
_THREE_DECIMALS = frozenset(
    {"d_score", "d_se", "error_rate", "fast_rate", "d_mean", "d_sd", "d_ci_low", "d_ci_high"}
)


def _columns(*rows: _Row) -> tuple[ExportColumn, ...]:
    """Columns from (name, type, title msgid, description msgid) rows."""
    return tuple(
        _C(name=n, type=t, title=title, description=text, decimals=3 if n in _THREE_DECIMALS else 2)
        for n, t, title, text in rows
    )


_SUPPRESSED = N_(
    "True: figures withheld (group below the campaign's minimum, or complementary suppression so "
    "that no parent − children subtraction isolates a small group)."
)

_REASON = N_(
    "Why the figures are withheld (empty when shown): unpublished (the campaign is open), "
    "small_group (fewer people than the campaign's minimum), subtraction (a larger group minus "
    "this one would isolate a small group), row_withheld (the group's questionnaire row is "
    "withheld). See the page How to read these results."
)

IDENTITY_COLUMNS = _columns(
    (
        "full_name",
        "string",
        N_("Name"),
        N_("Person's name (named export: the campaign's policy allows it)."),
    ),
    ("email", "string", N_("E-mail"), N_("Person's e-mail address (named export).")),
)

PERSON_COLUMNS = _columns(
    (
        "pseudonym",
        "string",
        N_("Pseudonym"),
        N_(
            "Export pseudonym, random and specific to the campaign; linked neither to "
            "the participant code nor to the invitation list. Rows sorted by pseudonym."
        ),
    ),
    ("team", "string", N_("Team"), N_("Team.")),
    ("language", "string", N_("Language"), N_("Language of the session (fr, en).")),
    (
        "input_modality",
        "string",
        N_("Input device"),
        N_("keyboard, touch, or none (the timed test was skipped)."),
    ),
    (
        "iat_skipped",
        "boolean",
        N_("Timed test skipped"),
        N_("True when the person chose not to take the timed test."),
    ),
)

D_COLUMNS = _columns(
    (
        "d_score",
        "number",
        N_("D score"),
        N_(
            "IAT D score (> 0: faster when Customer shares a key with Pleasant). Empty "
            "when excluded or not computable. Never for hiring, appraisal, pay or promotion."
        ),
    ),
    (
        "d_band",
        "string",
        N_("D band"),
        N_(
            "Descriptive band (Project Implicit): none < .15 ≤ slight < .35 ≤ moderate "
            "< .65 ≤ strong."
        ),
    ),
    (
        "d_se",
        "number",
        N_("SE of D"),
        N_("Per-person standard error of D (bootstrap over trials)."),
    ),
    (
        "d_excluded",
        "boolean",
        N_("D excluded"),
        N_("True when the score is excluded (share of trials under 300 ms above 10 %)."),
    ),
    ("error_rate", "number", N_("Error rate"), N_("Share of errors among the kept trials.")),
    (
        "fast_rate",
        "number",
        N_("Share of fast trials"),
        N_("Share of recorded trials under 300 ms."),
    ),
    (
        "quality_flags",
        "string",
        N_("Quality flags"),
        N_(
            "Quality flags separated by ';': too_fast, too_many_errors (> 30 %), "
            "missing_block, too_few_trials."
        ),
    ),
    ("trials_kept", "integer", N_("Trials kept"), N_("Critical trials entering D.")),
    (
        "trials_dropped",
        "integer",
        N_("Trials dropped"),
        N_("Critical trials dropped (> 10,000 ms, etc.)."),
    ),
    (
        "d_variant",
        "string",
        N_("D variant"),
        N_(
            "D variant (D1: built-in error penalty; D4 without forced correction; BIAT-D: "
            "Brief IAT; SCIAT-D: single-category IAT)."
        ),
    ),
    ("scoring_algorithm", "string", N_("Scoring algorithm"), N_("Scoring algorithm.")),
    (
        "scoring_options",
        "string",
        N_("Scoring options"),
        N_(
            "Scoring options (JSON: variant, slow_cut, fast_exclusion, sd_timing, "
            "latency) to reproduce the score."
        ),
    ),
    (
        "scoring_package_version",
        "string",
        N_("Scoring package version"),
        N_("Version of the scoring package."),
    ),
)


def subscale_column(code: str) -> ExportColumn:
    return _C(
        name=code,
        type="number",
        title=N_("{code} score"),
        description=N_(
            "{code} subscale score (mean of answered items, reverse-keyed items recoded; empty "
            "when fewer than 2/3 were answered)."
        ),
        params={"code": code},
    )


def team_columns(codes: tuple[str, ...]) -> tuple[ExportColumn, ...]:
    """Team summary columns: identity of the group, progress, IAT, then each subscale."""
    fixed = _columns(
        ("team", "string", N_("Team"), N_("Team (or the whole campaign).")),
        ("parent_team_id", "integer", N_("Parent team id"), N_("Parent team (id).")),
        ("team_id", "integer", N_("Team id"), N_("Team id (empty: campaign).")),
        ("invited", "integer", N_("People invited"), N_("People invited.")),
        ("completed", "integer", N_("Sessions completed"), N_("Completed sessions.")),
        ("iat_suppressed", "boolean", N_("IAT figures withheld"), _SUPPRESSED),
        ("iat_withheld_reason", "string", N_("IAT figures withheld because"), _REASON),
        ("iat_n", "integer", N_("D scores counted"), N_("D scores counted.")),
        ("d_mean", "number", N_("Mean D"), N_("Mean D.")),
        ("d_sd", "number", N_("SD of D"), N_("SD of D (n − 1).")),
        ("d_ci_low", "number", N_("Mean D: 95 % CI low"), N_("95 % CI (t), lower bound.")),
        ("d_ci_high", "number", N_("Mean D: 95 % CI high"), N_("95 % CI (t), upper bound.")),
        (
            "iat_excluded",
            "integer",
            N_("Sessions excluded from D"),
            N_("Sessions excluded from D."),
        ),
        (
            "iat_flagged",
            "integer",
            N_("Scores with a quality flag"),
            N_("Scores with a quality flag."),
        ),
        ("questionnaire_suppressed", "boolean", N_("Questionnaire figures withheld"), _SUPPRESSED),
        (
            "questionnaire_withheld_reason",
            "string",
            N_("Questionnaire figures withheld because"),
            _REASON,
        ),
        (
            "respondents",
            "integer",
            N_("Questionnaire respondents"),
            N_("Questionnaire respondents."),
        ),
    )
    return fixed + tuple(c for code in codes for c in _subscale_columns(code))


def _subscale_columns(code: str) -> list[ExportColumn]:
    """The six columns of one questionnaire subscale in the team export."""
    rows: list[_Row] = [
        (f"{code}_n", "integer", N_("{code}: scores counted"), N_("{code} scores.")),
        (f"{code}_mean", "number", N_("{code}: mean"), N_("{code} mean.")),
        (f"{code}_ci_low", "number", N_("{code}: 95 % CI low"), N_("95 % CI low.")),
        (f"{code}_ci_high", "number", N_("{code}: 95 % CI high"), N_("95 % CI high.")),
        (
            f"{code}_rwg_j",
            "number",
            N_("{code}: agreement rwg(j)"),
            N_("Within-team agreement rwg(j)."),
        ),
        (f"{code}_withheld_reason", "string", N_("{code}: withheld because"), _REASON),
    ]
    return [c.model_copy(update={"params": {"code": code}}) for c in _columns(*rows)]


LINK_COLUMNS = _columns(
    ("code", "string", N_("Participant code"), N_("The person's code in the imported list.")),
    ("team", "string", N_("Team"), N_("Team.")),
    ("full_name", "string", N_("Name"), N_("Person's name, when the list gave one.")),
    ("email", "string", N_("E-mail"), N_("Person's e-mail address, when the list gave one.")),
    ("url", "string", N_("Personal link"), N_("The person's personal link; shown only once.")),
)
"""The invitation links file (``app.participants.invitations``): machine names as today."""
