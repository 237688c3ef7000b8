"""Participant import from CSV: a preview with line-level errors, then a confirmed write.

Header ``code,team`` plus optional ``full_name``, ``email`` and ``language`` (comma, semicolon
or tab separated; the file's encoding is detected, see ``csv_text``). Nothing is written until
``confirm`` and no line has an error. Re-importing is idempotent by ``code``: a known code is
updated (team, identity, language), never duplicated. Name and e-mail go to the purgeable
identity table, never to the participant; ``language`` (one of the campaign's) is the language
of the person's e-mails, kept as it is when the file has no such column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.accounts.scope import HRScope
from app.audit.log import record_hr
from app.campaigns import repository as campaign_repo
from app.campaigns.manage import load_campaign, state_word
from app.db.models import Campaign, HRUser, Participant, ParticipantIdentity, Team
from app.domain import CampaignState
from app.errors import Conflict
from app.i18n import N_
from app.organisations import teams_repository as hr_teams
from app.participants import repository as hr_participants
from app.participants.csv_text import request_text, table_reader
from app.participants.schemas import ImportLineError, ImportPreview, ImportRequest, ImportRow
from app.security import new_pseudonym

MAX_ROWS = 20_000
REQUIRED = ("code", "team")
OPTIONAL = ("full_name", "email", "language")
Record = dict[str | None, Any]  # csv.DictReader row; extra values under None
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class _Parsed:
    rows: list[ImportRow]
    errors: list[ImportLineError]
    team_ids: dict[str, int]
    has_language: bool = False


def _language_error(line: int, record: Record, languages: list[str]) -> ImportLineError | None:
    language = (_clean(record.get("language")) or "").lower()
    if language and language not in languages:
        message = N_("language '{language}' is not one of the campaign's languages ({languages})")
        return ImportLineError.of(line, message, language=language, languages=", ".join(languages))
    return None


def _header_errors(fields: list[str]) -> list[ImportLineError]:
    missing = [name for name in REQUIRED if name not in fields]
    unknown = [name for name in fields if name not in REQUIRED + OPTIONAL]
    columns = {"missing": ", ".join(missing), "unknown": ", ".join(unknown)}
    if missing and unknown:
        both = N_("missing column(s): {missing}; unknown column(s): {unknown}")
        return [ImportLineError.of(1, both, **columns)]
    if missing:
        return [ImportLineError.of(1, N_("missing column(s): {missing}"), **columns)]
    if unknown:
        return [ImportLineError.of(1, N_("unknown column(s): {unknown}"), **columns)]
    return []


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _line_error(
    line: int,
    record: Record,
    code: str | None,
    team: str | None,
    teams: dict[str, Team],
    seen: set[str],
) -> ImportLineError | None:
    email = _clean(record.get("email"))
    if None in record:
        return ImportLineError.of(line, N_("too many values on this line"))
    if code is None or team is None:
        return ImportLineError.of(line, N_("code and team are required"))
    if len(code) > 100:
        return ImportLineError.of(line, N_("code is longer than {n} characters"), n=100)
    if code in seen:
        return ImportLineError.of(line, N_("code '{code}' appears twice in the file"), code=code)
    if team.casefold() not in teams:
        return ImportLineError.of(line, N_("unknown team '{team}': create it first"), team=team)
    if email is not None and not _EMAIL.match(email):
        return ImportLineError.of(line, N_("'{email}' is not an e-mail address"), email=email)
    return None


def _parse(db: Session, scope: HRScope, campaign: Campaign, text: str) -> _Parsed:
    reader = table_reader(text)
    fields = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = fields
    header = _header_errors(fields)
    if header:
        return _Parsed([], header, {})
    teams = {t.name.casefold(): t for t in hr_teams.list_teams(db, scope)}
    known = hr_participants.participants_by_code(db, scope, campaign.id)
    identities = hr_participants.identities(db, [p.id for p in known.values()])
    rows: list[ImportRow] = []
    errors: list[ImportLineError] = []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append(ImportLineError.of(line, N_("more than {n} lines"), n=MAX_ROWS))
            break
        code, team = _clean(record.get("code")), _clean(record.get("team"))
        problem = _line_error(line, record, code, team, teams, seen) or _language_error(
            line, record, campaign.languages
        )
        if problem is not None:
            errors.append(problem)
            continue
        seen.add(str(code))
        rows.append(_row(line, record, teams[str(team).casefold()], known, identities))
    team_ids = {row.team: teams[row.team.casefold()].id for row in rows}
    return _Parsed(rows, errors, team_ids, "language" in fields)


def _row(
    line: int,
    record: Record,
    team: Team,
    known: dict[str, Participant],
    identities: dict[int, ParticipantIdentity],
) -> ImportRow:
    code = str(_clean(record.get("code")))
    name, email = _clean(record.get("full_name")), _clean(record.get("email"))
    language = (_clean(record.get("language")) or "").lower() or None
    row = ImportRow(
        line=line, code=code, team=team.name, full_name=name, email=email, language=language,
        action="new",
    )  # fmt: skip
    existing = known.get(code)
    if existing is None:
        return row
    identity = identities.get(existing.id)
    same = (
        existing.team_id == team.id
        and (identity.full_name if identity else None) == name
        and (identity.email if identity else None) == email
        and ("language" not in record or existing.language == language)
    )
    return row.model_copy(update={"action": "unchanged" if same else "update"})


def import_participants(
    db: Session, actor: HRUser, scope: HRScope, campaign_id: int, body: ImportRequest
) -> ImportPreview:
    """Preview the file; with ``confirm`` and no errors, write it in one transaction."""
    campaign = load_campaign(db, scope, campaign_id)
    if campaign.state in (CampaignState.CLOSED, CampaignState.ARCHIVED):
        raise Conflict(
            N_("participants cannot be added to a {state} campaign"),
            state=state_word(campaign.state),
        )
    text, encoding = request_text(body.csv, body.csv_base64)
    parsed = _parse(db, scope, campaign, text)
    preview = ImportPreview(rows=parsed.rows, errors=parsed.errors, encoding=encoding)
    if not body.confirm or not preview.can_confirm:
        return preview
    _write(db, scope, campaign, parsed)
    changed = sum(1 for row in parsed.rows if row.action != "unchanged")
    record_hr(
        db,
        actor,
        "participants.import",
        organisation_id=campaign.organisation_id,
        target=("campaign", campaign.id),
        row_count=changed,
    )
    db.commit()
    return preview.model_copy(update={"written": True})


def _write(db: Session, scope: HRScope, campaign: Campaign, parsed: _Parsed) -> None:
    known = hr_participants.participants_by_code(db, scope, campaign.id)
    for team_id in set(parsed.team_ids.values()):
        campaign_repo.add_campaign_team(db, campaign.id, team_id)
    for row in parsed.rows:
        if row.action == "unchanged":
            continue
        participant = known.get(row.code) or campaign_repo.add_participant(
            db,
            Participant(
                campaign_id=campaign.id,
                code=row.code,
                team_id=parsed.team_ids[row.team],
                export_pseudonym=new_pseudonym(),
            ),
        )
        participant.team_id = parsed.team_ids[row.team]
        if parsed.has_language:
            participant.language = row.language
        _set_identity(db, participant.id, row.full_name, row.email)


def _set_identity(db: Session, participant_id: int, name: str | None, email: str | None) -> None:
    identity = hr_participants.get_identity(db, participant_id)
    if name is None and email is None:
        hr_participants.delete_identity(db, participant_id)
    elif identity is None:
        identity = ParticipantIdentity(participant_id=participant_id, full_name=name, email=email)
        hr_participants.add_identity(db, identity)
    else:
        identity.full_name, identity.email = name, email
