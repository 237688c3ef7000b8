"""The study editor's form: a study document as fields, and the fields back as a document.

One stimulus per line of a category's box; a line ``/media/<hash>.<ext> | alt text`` is a
picture (its alt text after the bar), any other line a word. The block plan is JSON (the
editor shows the current one). ``iat`` checks the document; its errors name fields such as
``categories.target_a.stimuli.fr``, the names of the form's fields.
"""

from __future__ import annotations

import json
from typing import Any

from app.errors import FieldProblem, InvalidFields
from app.i18n import N_
from iat.vocabulary import Category, ErrorMode

CATEGORIES = tuple(category.value for category in Category)
ERROR_MODES = tuple(mode.value for mode in ErrorMode)
_IMAGE_MARK = "/media/"


def _stimulus_line(stimulus: Any) -> str:
    if isinstance(stimulus, dict) and stimulus.get("type") == "image":
        return f"{stimulus['src']} | {stimulus['alt']}"
    return str(stimulus["text"] if isinstance(stimulus, dict) else stimulus)


def form_values(doc: dict[str, Any], languages: list[str]) -> dict[str, str]:
    """The fields of the editor for ``doc`` (a study document), in ``languages``."""
    values = {"id": str(doc.get("id", ""))}
    keys = doc.get("keys") or {}
    values |= {"keys.left": keys.get("left", "e"), "keys.right": keys.get("right", "i")}
    values["error_mode"] = doc.get("error_mode", ErrorMode.FORCED_CORRECTION.value)
    values["iti_ms"] = str(doc.get("iti_ms", 250))
    plan = doc.get("block_plan")
    values["block_plan"] = json.dumps(plan, indent=1, ensure_ascii=False) if plan else ""
    for language in languages:
        values[f"languages.{language}"] = "on" if language in doc.get("languages", []) else ""
        values[f"title.{language}"] = (doc.get("title") or {}).get(language, "")
        values[f"description.{language}"] = (doc.get("description") or {}).get(language, "")
        for category in CATEGORIES:
            definition = (doc.get("categories") or {}).get(category) or {}
            prefix = f"categories.{category}"
            values[f"{prefix}.labels.{language}"] = definition.get("labels", {}).get(language, "")
            lines = [_stimulus_line(s) for s in definition.get("stimuli", {}).get(language, [])]
            values[f"{prefix}.stimuli.{language}"] = "\n".join(lines)
    return values


def _stimulus(line: str) -> str | dict[str, str]:
    if line.startswith(_IMAGE_MARK):
        src, _, alt = line.partition("|")
        return {"type": "image", "src": src.strip(), "alt": alt.strip()}
    return line


def _stimuli(text: str) -> list[str | dict[str, str]]:
    return [_stimulus(line.strip()) for line in text.splitlines() if line.strip()]


def _block_plan(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise InvalidFields(FieldProblem("block_plan", N_("this is not valid JSON"))) from exc


def _per_language(form: dict[str, str], field: str, languages: list[str]) -> dict[str, str]:
    texts = {language: form.get(f"{field}.{language}", "").strip() for language in languages}
    return {language: text for language, text in texts.items() if text}


def study_document(form: dict[str, str], languages: list[str]) -> dict[str, Any]:
    """The study document the form describes (``iat`` checks it)."""
    chosen = [language for language in languages if form.get(f"languages.{language}") == "on"]
    categories = {
        category: {
            "labels": _per_language(form, f"categories.{category}.labels", chosen),
            "stimuli": {
                language: _stimuli(form.get(f"categories.{category}.stimuli.{language}", ""))
                for language in chosen
            },
        }
        for category in CATEGORIES
    }
    doc: dict[str, Any] = {
        "id": form.get("id", "").strip(),
        "title": _per_language(form, "title", chosen),
        "description": _per_language(form, "description", chosen),
        "languages": chosen,
        "categories": categories,
        "keys": {"left": form.get("keys.left", ""), "right": form.get("keys.right", "")},
        "error_mode": form.get("error_mode", ""),
        "iti_ms": form.get("iti_ms", ""),
    }
    if form.get("block_plan", "").strip():
        doc["block_plan"] = _block_plan(form["block_plan"])
    return doc


def nearest_field(field: str, fields: set[str]) -> str:
    """The form field an error about ``field`` is shown next to (its longest prefix among
    the form's fields; ``""``: at the top of the form)."""
    parts = field.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in fields:
            return candidate
    return ""
