"""Every action the code writes to the audit log has a sentence, in French and in English.

The actions are found in the source the way a reader would grep them: the string given to
``record_hr(db, actor, "…")``, ``audit.record(..., action="…")`` and the domain helpers that
wrap them (``_audit``, ``_record``, ``audit_rows``). Two actions are built from a value
(``campaign.{state}``, ``research.trials.download.{format}``): their values are listed here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.audit.sentences import OTHER, SENTENCES, describe
from app.i18n import gettext

APP = Path(__file__).resolve().parents[3] / "app"
RECORDERS = {"record_hr", "record", "_audit", "_record", "audit_rows"}
ACTION = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
BUILT = {
    "campaign.open", "campaign.closed", "campaign.archived",
    "research.trials.download.csv", "research.trials.download.ndjson",
}  # fmt: skip


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


def _actions_in(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _name(node.func) not in RECORDERS:
            continue
        values = [*node.args, *(k.value for k in node.keywords if k.arg == "action")]
        for value in values:
            text = value.value if isinstance(value, ast.Constant) else None
            if isinstance(text, str) and ACTION.match(text):
                found.add(text)
    return found


def recorded_actions() -> set[str]:
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        found |= _actions_in(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_actions_we_know_of() -> None:
    found = recorded_actions()
    assert {"hr.login", "export", "retention.purge", "participant.withdraw"} <= found
    assert {"account.create", "research.scores.read", "api_token.revoke"} <= found


def test_every_recorded_action_has_a_sentence() -> None:
    missing = sorted((recorded_actions() | BUILT) - set(SENTENCES))
    assert not missing, f"add a sentence to app/audit/sentences.py for {missing}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_sentence_is_written_in_both_languages(lang: str) -> None:
    for action, message in SENTENCES.items():
        words = gettext(lang, message)
        assert words.strip(), action
        if lang == "fr":
            assert words != message, f"{action}: no French sentence"
        text = describe(action, "Baromètre", "5", 3, lang)
        assert "{" not in text, action
        assert "Baromètre" in text or "{target}" not in message, action


def test_an_unknown_action_is_named_not_dropped() -> None:
    assert describe("mailing.unknown", None, None, None, "en") == "Other action: mailing.unknown"
    assert gettext("fr", OTHER) != OTHER
