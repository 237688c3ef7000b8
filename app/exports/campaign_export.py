"""Export one campaign's data (one use case: build the file, write the audit row, commit).

* ``individual``: one row per completed participant, following the campaign's policy: ``none``
  refuses (403), ``pseudonymous`` gives the per-campaign export pseudonym and the team (never the
  participant code), ``named`` adds the identity. HR admins only.
* ``team``: the dashboard's suppressed figures, one row per group the user may see.
* ``trials``: one row per trial (the research long format), CSV only, HR admins only; refused
  under ``none`` like any individual row.

Pseudonymous rows (``individual`` and ``trials``) wait for the campaign to close (409 before):
two exports of an open campaign would pair each new pseudonym with someone the roster shows
finishing in between.

The command line (``iat export``) acts as the platform operator: it sees every team and is
audited as ``system``.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.aggregates import repository as aggregates_repo
from app.aggregates.campaign import is_published, subscale_codes
from app.aggregates.dashboard import load_campaign
from app.aggregates.stored import stored_dashboard
from app.aggregates.suppression import effective_minimum
from app.audit import repository as audit
from app.campaigns import repository as campaign_repo
from app.db.models import Campaign
from app.domain import ActorKind, HRRole, IndividualResults
from app.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound
from app.exports import repository as repo
from app.exports import trial_stream
from app.exports.codebook import team_columns
from app.exports.files import MEDIA_TYPES, ExportFile, table_bytes
from app.exports.schemas import ExportFormat, ExportKind, ExportOptionRead
from app.exports.tables import individual_columns, individual_table, team_table
from app.exports.writers import ExportTable, FileStyle, codebook_bytes
from app.i18n import N_, catalogue_languages, parse_language


def cli_scope(db: Session, campaign_id: int) -> HRScope:
    """The operator's scope for ``iat export``: the campaign's whole organisation."""
    organisation_id = campaign_repo.organisation_of(db, campaign_id)
    if organisation_id is None:
        raise NotFound(N_("no campaign {campaign_id}"), campaign_id=campaign_id)
    return HRScope(organisation_id, None, user_id=0, role=HRRole.HR_ADMIN)


def file_style(
    fmt: ExportFormat,
    languages: tuple[str, ...] = (),
    lang: str | None = None,
    guide_url: str = "",
) -> FileStyle:
    """The style of a file: ``languages`` of the codebook (default: every language with a
    catalogue), ``lang`` of the headers (one of them, ``FR`` and ``fr-FR`` meaning ``fr``;
    default the first; 422 otherwise)."""
    languages = languages or catalogue_languages()
    code = parse_language(lang, languages) if lang is not None else languages[0]
    if code is None:
        raise InvalidInput(
            N_("unknown language {lang}: one of {languages}"),
            lang=lang,
            languages=", ".join(languages),
        )
    return FileStyle(fmt, code, languages, guide_url)


def export_campaign(
    db: Session,
    scope: HRScope,
    campaign_id: int,
    kind: ExportKind,
    fmt: ExportFormat,
    languages: tuple[str, ...] = (),
    lang: str | None = None,
    guide_url: str = "",
) -> ExportFile:
    """Build the export, record it in the audit log and commit (``file_style`` says what
    ``languages``, ``lang`` and ``guide_url`` are)."""
    style = file_style(fmt, languages, lang, guide_url)
    campaign = load_campaign(db, scope, campaign_id)
    _check_allowed(scope, campaign, kind, fmt)
    file = _build(db, scope, campaign, kind, style)
    audit.record(
        db,
        organisation_id=campaign.organisation_id,
        actor_kind=ActorKind.SYSTEM if scope.user_id == 0 else ActorKind.HR_USER,
        actor_id="cli" if scope.user_id == 0 else str(scope.user_id),
        action="export",
        target_kind="campaign",
        target_id=str(campaign.id),
        row_count=file.row_count,
        detail={
            "kind": kind.value,
            "format": fmt.value,
            "lang": style.lang,
            "policy": campaign.individual_results,
        },
    )
    db.commit()
    return file


def export_codebook(
    db: Session,
    scope: HRScope,
    campaign_id: int,
    kind: ExportKind,
    style: FileStyle | None = None,
) -> ExportFile:
    """The codebook of an export as CSV (``csv`` or ``csv_excel`` dialect), one description and
    one title column per language. Nothing individual in it: not audited."""
    style = style or file_style(ExportFormat.CSV)
    campaign = load_campaign(db, scope, campaign_id)
    if kind is ExportKind.TRIALS:
        raise InvalidInput(N_("the trial-level codebook is served with the research API"))
    named = campaign.individual_results == IndividualResults.NAMED
    codes = subscale_codes(db, campaign)
    columns = (
        individual_columns(named, codes) if kind is ExportKind.INDIVIDUAL else team_columns(codes)
    )
    name = f"campaign-{campaign.id}-{kind.value}-codebook.csv"
    return ExportFile(
        name, MEDIA_TYPES[ExportFormat.CSV], codebook_bytes(columns, style), len(columns)
    )


def _check_allowed(scope: HRScope, campaign: Campaign, kind: ExportKind, fmt: ExportFormat) -> None:
    if kind is ExportKind.TEAM:
        if scope.role not in (HRRole.HR_ADMIN, HRRole.MANAGER):
            raise Forbidden(N_("your role does not allow exports"))
        return
    if scope.role is not HRRole.HR_ADMIN:
        raise Forbidden(N_("only HR administrators export individual rows"))
    if campaign.individual_results == IndividualResults.NONE:
        raise Forbidden(
            N_(
                "this campaign's policy (individual results: none) forbids exporting individual "
                "rows; the team summary is available"
            )
        )
    if campaign.individual_results == IndividualResults.PSEUDONYMOUS and not is_published(campaign):
        raise Conflict(
            N_(
                "pseudonymous rows are exported once the campaign has closed: between two exports "
                "of an open campaign, the new pseudonyms would be the people the roster shows "
                "finishing"
            )
        )
    if kind is ExportKind.TRIALS and fmt is not ExportFormat.CSV:
        raise InvalidInput(
            N_("trial-level exports are plain CSV only (too many rows for a spreadsheet)")
        )


def _build(
    db: Session, scope: HRScope, campaign: Campaign, kind: ExportKind, style: FileStyle
) -> ExportFile:
    filename = f"campaign-{campaign.id}-{kind.value}.{style.format.extension}"
    if kind is ExportKind.TRIALS:
        return _trials(db, campaign, filename)
    table = _table(db, scope, campaign, kind)
    content = table_bytes(table, style, kind.value)
    return ExportFile(filename, MEDIA_TYPES[style.format], content, len(table.rows))


def _table(db: Session, scope: HRScope, campaign: Campaign, kind: ExportKind) -> ExportTable:
    if kind is ExportKind.INDIVIDUAL:
        named = campaign.individual_results == IndividualResults.NAMED
        coarse = None
        if not named:
            tree = aggregates_repo.organisation_teams(db, campaign.organisation_id)
            coarse = (tree, effective_minimum(campaign.min_group_size_iat))
        return individual_table(db, campaign.id, named, subscale_codes(db, campaign), coarse)
    board = stored_dashboard(db, campaign, scope.team_ids)
    return team_table(board.groups, tuple(board.subscale_codes))


def _trials(db: Session, campaign: Campaign, filename: str) -> ExportFile:
    """The trial rows, streamed from the database when the file is sent (``trial_stream``)."""
    count = repo.count_campaign_trials(db, campaign.id)
    chunks = trial_stream.stream(db, partial(repo.campaign_trials_query, campaign.id), "csv")
    return ExportFile(filename, MEDIA_TYPES[ExportFormat.CSV], b"", count, chunks)


def export_options(db: Session, scope: HRScope, campaign_id: int) -> list[ExportOptionRead]:
    """The exports this user may download for this campaign, with the reason when not."""
    campaign = load_campaign(db, scope, campaign_id)
    options = []
    for kind in ExportKind:
        formats = [ExportFormat.CSV] if kind is ExportKind.TRIALS else list(ExportFormat)
        try:
            _check_allowed(scope, campaign, kind, formats[0])
        except AppError as exc:
            options.append(
                ExportOptionRead(kind=kind, formats=formats, allowed=False, reason=exc.name)
            )
            continue
        options.append(ExportOptionRead(kind=kind, formats=formats, allowed=True))
    return options
