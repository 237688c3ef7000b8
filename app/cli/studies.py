"""``iat studies``: list, show and validate IAT study definitions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from iat import (
    Language,
    StudyDefinition,
    StudyDefinitionError,
    UnknownStudyError,
    generate_session_plan,
    list_builtin_studies,
    load_builtin_study,
    load_study_file,
    study_document,
)

cli = typer.Typer(help="IAT study definitions: list, show, validate.", no_args_is_help=True)

LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Only this language (a code the study lists, e.g. fr)."),
]


def _load(study: str) -> StudyDefinition:
    """A built-in study by id, or a custom one from a JSON file path."""
    try:
        if study.endswith(".json") or Path(study).is_file():
            return load_study_file(study)
        return load_builtin_study(study)
    except (UnknownStudyError, StudyDefinitionError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@cli.command("list")
def list_studies() -> None:
    """List the built-in studies."""
    for study in list_builtin_studies():
        languages = ",".join(study.languages)
        title = study.title[study.languages[0]]
        typer.echo(f"{study.id:<16} {study.version[:12]}  [{languages}]  {title}")


@cli.command("show")
def show(
    study: Annotated[str, typer.Argument(help="Built-in study id, or a JSON file.")],
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the canonical JSON.")] = False,
) -> None:
    """Print a study: labels, stimuli, keys, error mode and block plan."""
    definition = _load(study)
    if lang is not None and lang not in definition.languages:
        typer.echo(f"error: study {definition.id!r} has no {lang.value!r} version", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(study_document(definition), ensure_ascii=False, indent=2))
        return
    languages = (lang,) if lang else definition.languages
    typer.echo("\n".join(_describe(definition, languages)))


def _describe(study: StudyDefinition, languages: tuple[Language, ...]) -> list[str]:
    lines = [
        f"id:          {study.id}",
        f"type:        {study.type.value}",
        f"version:     {study.version}",
        f"languages:   {', '.join(study.languages)}",
        f"keys:        left {study.keys.left.upper()}, right {study.keys.right.upper()}",
        f"error mode:  {study.error_mode.value}",
        f"interval:    {study.iti_ms} ms",
    ]
    for language in languages:
        lines += ["", f"[{language.value}] {study.title[language]}"]
        for category, definition in study.categories.items():
            words = ", ".join(stimulus.display for stimulus in definition.stimuli[language])
            lines.append(f"  {category.value:<14} {definition.labels[language]}: {words}")
    lines += ["", "blocks:"]
    for index, block in enumerate(study.block_plan.blocks, start=1):
        stage = f" ({block.stage.value})" if block.stage else ""
        lines.append(f"  B{index}  {block.role.value}{stage}: {block.n_trials} trials")
    return lines


@cli.command("validate")
def validate(file: Annotated[Path, typer.Argument(help="Study JSON file.")]) -> None:
    """Validate a custom study file; print its id and version, or the problem."""
    definition = _load(str(file))
    typer.echo(f"ok: {definition.id} version {definition.version}")


@cli.command("plan")
def plan(
    study: Annotated[str, typer.Argument(help="Built-in study id, or a JSON file.")],
    seed: Annotated[int, typer.Option(help="Session seed.")] = 1,
    lang: Annotated[
        Language, typer.Option("--lang", help="Language (a code the study lists, e.g. fr).")
    ] = Language("fr"),
) -> None:
    """Print the JSON session plan the browser receives for one seed."""
    definition = _load(study)
    try:
        session = generate_session_plan(definition, None, seed, lang)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(session.model_dump(mode="json"), ensure_ascii=False, indent=2))
