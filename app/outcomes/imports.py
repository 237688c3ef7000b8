"""Import of team-level customer outcomes from CSV: a preview with line errors, then a write.

Header ``team,metric,value,n_customers,period,direction`` (comma, semicolon or tab; the file's
encoding is detected as for the participant import, see ``participants.csv_text``). ``team``
is a team of the campaign, by name (case ignored); ``value`` a number (decimal point, or comma
in a semicolon file); ``n_customers`` a whole number ≥ 0 or empty; ``direction``
``higher_better`` or ``lower_better``. Nothing is written until ``confirm`` and no line has an
error; re-importing a (team, metric, period) replaces its value, never duplicates it.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy.orm import Session

from app.db.models import Campaign, Team, TeamOutcome
from app.domain import OutcomeDirection
from app.i18n import N_
from app.outcomes import repository as repo
from app.outcomes.schemas import OUTCOME_COLUMNS, OutcomeImportPreview, OutcomeImportRow
from app.participants.csv_text import request_text, table_reader
from app.participants.schemas import ImportLineError, ImportRequest

MAX_ROWS = 20_000
_LIMITS = {"metric": 100, "period": 50}
Record = dict[str | None, str | None]
Audit = Callable[[int], None]  # records the import with its number of new or changed rows


def _header_errors(fields: list[str]) -> list[ImportLineError]:
    missing = [name for name in OUTCOME_COLUMNS if name not in fields]
    unknown = [name for name in fields if name not in OUTCOME_COLUMNS]
    errors = []
    if missing:
        errors.append(ImportLineError.of(1, N_("missing column(s): {missing}"),
                                         missing=", ".join(missing)))  # fmt: skip
    if unknown:
        errors.append(ImportLineError.of(1, N_("unknown column(s): {unknown}"),
                                         unknown=", ".join(unknown)))  # fmt: skip
    return errors


def _clean(record: Record, name: str) -> str:
    return (record.get(name) or "").strip()


def _number(text: str) -> float | None:
    """A decimal number written with a point, or with a comma (as French spreadsheets do)."""
    if "," in text and "." not in text:
        text = text.replace(",", ".", 1)
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _count_ok(text: str) -> bool:
    """``n_customers`` is empty or a whole number of 0 or more (below 10⁹)."""
    return not text or (text.isascii() and text.isdigit() and len(text) < 10)


def _count(text: str) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True)
class _Line:
    team: Team
    metric: str
    value: float
    n_customers: int | None
    period: str
    direction: OutcomeDirection


def _required_error(line: int, record: Record) -> ImportLineError | None:
    if None in record:
        return ImportLineError.of(line, N_("too many values on this line"))
    if any(not _clean(record, n) for n in OUTCOME_COLUMNS if n != "n_customers"):
        return ImportLineError.of(
            line, N_("team, metric, value, period and direction are required")
        )
    for name, limit in _LIMITS.items():
        if len(_clean(record, name)) > limit:
            message = N_("{column} is longer than {n} characters")
            return ImportLineError.of(line, message, column=name, n=limit)
    return None


def _value_error(line: int, record: Record, teams: dict[str, Team]) -> ImportLineError | None:
    team, value = _clean(record, "team"), _clean(record, "value")
    count, direction = _clean(record, "n_customers"), _clean(record, "direction")
    if team.casefold() not in teams:
        message = N_("team '{team}' is not one of the campaign's teams")
        return ImportLineError.of(line, message, team=team)
    if _number(value) is None:
        return ImportLineError.of(line, N_("value '{value}' is not a number"), value=value)
    if not _count_ok(count):
        message = N_("n_customers '{value}' is not a whole number of 0 or more")
        return ImportLineError.of(line, message, value=count)
    if direction not in set(OutcomeDirection):
        message = N_("direction '{value}' must be higher_better or lower_better")
        return ImportLineError.of(line, message, value=direction)
    return None


def _line(record: Record, teams: dict[str, Team]) -> _Line:
    return _Line(
        teams[_clean(record, "team").casefold()],
        _clean(record, "metric"),
        float(_number(_clean(record, "value")) or 0.0),
        _count(_clean(record, "n_customers")),
        _clean(record, "period"),
        OutcomeDirection(_clean(record, "direction")),
    )


def _parse(
    reader: csv.DictReader[str], teams: dict[str, Team]
) -> tuple[list[tuple[int, _Line]], list[ImportLineError]]:
    lines: list[tuple[int, _Line]] = []
    errors: list[ImportLineError] = []
    seen: set[tuple[int, str, str]] = set()
    for record in reader:
        number = reader.line_num
        if len(lines) + len(errors) >= MAX_ROWS:
            errors.append(ImportLineError.of(number, N_("more than {n} lines"), n=MAX_ROWS))
            break
        problem = _required_error(number, record) or _value_error(number, record, teams)
        if problem is None:
            parsed = _line(record, teams)
            key = (parsed.team.id, parsed.metric, parsed.period)
            if key in seen:
                message = N_("team '{team}', metric '{metric}' and period '{period}' appear twice")
                fields = {"team": parsed.team.name, "metric": parsed.metric}
                problem = ImportLineError.of(number, message, period=parsed.period, **fields)
            seen.add(key)
        if problem is not None:
            errors.append(problem)
        else:
            lines.append((number, parsed))
    return lines, errors


def _action(parsed: _Line, stored: TeamOutcome | None) -> Literal["new", "update", "unchanged"]:
    if stored is None:
        return "new"
    same = (stored.value, stored.n_customers, stored.direction) == (
        parsed.value, parsed.n_customers, parsed.direction.value,
    )  # fmt: skip
    return "unchanged" if same else "update"


def _rows(
    db: Session, campaign: Campaign, text: str
) -> tuple[list[OutcomeImportRow], list[ImportLineError]]:
    reader = table_reader(text)
    fields = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = fields
    header = _header_errors(fields)
    if header:
        return [], header
    teams = {t.name.casefold(): t for t in repo.campaign_teams(db, campaign.id)}
    lines, errors = _parse(reader, teams)
    stored = repo.outcomes_by_key(db, campaign.id)
    return [_row(number, p, stored) for number, p in lines], errors


def _row(
    number: int, parsed: _Line, stored: dict[tuple[int, str, str], TeamOutcome]
) -> OutcomeImportRow:
    p = parsed
    return OutcomeImportRow(
        line=number, team=p.team.name, team_id=p.team.id, metric=p.metric, value=p.value,
        n_customers=p.n_customers, period=p.period, direction=p.direction,
        action=_action(p, stored.get((p.team.id, p.metric, p.period))),
    )  # fmt: skip


def import_outcomes(
    db: Session, campaign: Campaign, body: ImportRequest, audit: Audit
) -> OutcomeImportPreview:
    """Preview the file; with ``confirm`` and no errors, write it in one transaction
    (``campaign``: already checked to be within the caller's reach)."""
    text, encoding = request_text(body.csv, body.csv_base64)
    rows, errors = _rows(db, campaign, text)
    preview = OutcomeImportPreview(rows=rows, errors=errors, encoding=encoding)
    if not body.confirm or not preview.can_confirm:
        return preview
    _write(db, campaign, rows)
    audit(sum(1 for row in rows if row.action != "unchanged"))
    db.commit()
    return preview.model_copy(update={"written": True})


def _write(db: Session, campaign: Campaign, rows: list[OutcomeImportRow]) -> None:
    stored = repo.outcomes_by_key(db, campaign.id)
    for row in rows:
        outcome = stored.get((row.team_id, row.metric, row.period))
        if outcome is None:
            outcome = TeamOutcome(
                campaign_id=campaign.id, team_id=row.team_id, metric=row.metric, period=row.period
            )
            repo.add_outcome(db, outcome)
        outcome.value, outcome.n_customers = row.value, row.n_customers
        outcome.direction = row.direction.value
