"""The README and docs/ are self-contained and their commands exist (issue 16, item 5).

- nothing a user must read lives outside the repository: ``../shared`` is named only for the
  benchmarks' timing harness and the tests' public data sets, and said as such;
- every relative link points to a file of the repository (and to a heading that exists);
- every ``iat`` command and option the text names exists in the real command line, and the
  shell blocks call it as a fresh shell can (``.venv/bin/iat``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from app.cli import cli

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# What may still live in ../shared: the benchmarks' timing harness, the tests' public data.
ALLOWED_SHARED = ("../shared/tools/timing/", "../shared/data/iat-public")
SAID_AS_SUCH = re.compile(r"\bbenchmarks?\b|\btests\b", re.I)

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
INLINE_CODE = re.compile(r"`([^`\n]+)`")
IAT_CALL = re.compile(r"(?<![\w/.-])(?:\.venv/bin/)?iat ((?:[a-z][\w-]* ?)+)")


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {_slug(m) for m in re.findall(r"^#{1,6} (.+)$", text, re.M)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_shared_is_named_only_for_benchmarks_and_tests(page: Path) -> None:
    for paragraph in _paragraphs(page.read_text(encoding="utf-8")):
        for found in re.findall(r"\.\./shared[^\s`)\]]*", paragraph):
            assert found.startswith(ALLOWED_SHARED), f"{page.name}: {found} is outside the repo"
            assert SAID_AS_SUCH.search(paragraph), f"{page.name}: say {found} is for tests"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_to_existing_files_and_headings(page: Path) -> None:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        assert linked.exists(), f"{page.name}: link to missing {target}"
        assert linked.is_relative_to(ROOT), f"{page.name}: {target} leaves the repository"
        if anchor and linked.suffix == ".md":
            assert anchor in _anchors(linked), f"{page.name}: no heading for {target}"


def _iat_calls(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    spans = [block for _, block in FENCE.findall(text)]
    spans += INLINE_CODE.findall(FENCE.sub("", text))
    return [call for span in spans for line in span.splitlines() for call in _calls(line)]


def _calls(line: str) -> list[str]:
    line = line.replace("\\|", "|").split("#")[0]
    return [line[m.start() :].split("`")[0] for m in IAT_CALL.finditer(line)]


def _command(words: list[str]) -> tuple[Any, list[str]]:
    """The (click) command ``words`` names, and the words naming it."""
    command: Any = typer.main.get_command(cli)
    path: list[str] = []
    for word in words:
        if not hasattr(command, "commands"):  # a leaf command: the rest are arguments
            break
        sub = command.commands.get(word)
        assert sub is not None, f"`iat {' '.join([*path, word])}` is no command"
        command, path = sub, [*path, word]
    return command, path


def _options(command: Any) -> set[str]:
    return {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_iat_command_and_option_named_exists(page: Path) -> None:
    for call in _iat_calls(page):
        words = call.split()[1:]
        command, path = _command([w for w in words if re.fullmatch(r"[a-z][\w-]*", w)][:2])
        assert path, f"{page.name}: `{call}` names no command"
        cut = re.split(r"[|;&]", call)[0]
        for option in re.findall(r"(?<![\w-])--[a-z][\w-]*", cut):
            assert option in _options(command), f"{page.name}: `{call}`: no option {option}"


def test_shell_blocks_run_iat_from_the_venv() -> None:
    """A fresh shell has no activated venv: the README's shell blocks say `.venv/bin/iat`."""
    for page in PAGES:
        for lang, block in FENCE.findall(page.read_text(encoding="utf-8")):
            if lang not in ("sh", "bash", "shell"):
                continue
            for line in block.splitlines():
                for call in _calls(line):
                    assert call.startswith(".venv/bin/iat "), f"{page.name}: {line.strip()}"
