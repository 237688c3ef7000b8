"""French wording people read: the test is the TAI, and nothing says "passer" (take or skip?).

Checked on every translated message and every French text of the built-in study, test and
questionnaire data files (iat/data), which is all the participant and HR pages show.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR

DATA = Path(__file__).resolve().parents[3] / "iat" / "data"
ENGLISH_NAME = re.compile(r"\bIAT\b(?!_)")  # IAT_MODE is a setting's name, not the test's
AMBIGUOUS = re.compile(r"\bpass(er|ez|é)\b[^.;:]*\b(test|TAI)\b", re.IGNORECASE)


def _french_messages() -> list[str]:
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="fr")
    return [str(m.string) for m in catalog if m.id and m.string]


def _french_values(node: Any, in_french: bool = False) -> Iterator[str]:
    if isinstance(node, str):
        if in_french:
            yield node
    elif isinstance(node, list):
        for item in node:
            yield from _french_values(item, in_french)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _french_values(value, in_french or key == "fr")


def _french_data() -> list[str]:
    texts = []
    for path in sorted(DATA.rglob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        texts += list(_french_values(document, in_french=path.name == "fr.json"))
    return texts


@pytest.mark.parametrize("source", [_french_messages, _french_data])
def test_french_names_the_test_tai_and_never_says_passer(source: Any) -> None:
    texts = source()
    assert len(texts) > 20
    assert [t for t in texts if ENGLISH_NAME.search(t)] == []
    assert [t for t in texts if AMBIGUOUS.search(t)] == []
