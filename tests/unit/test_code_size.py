"""STYLE.md rule 9, checked: no file of app/, iat/, scoring/ over 400 lines, no function body
over 40 lines (the signature and the docstring aside: a command's declared options are not
logic). Migrations are outside these folders."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "iat", "scoring")
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 40


def _sources() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    if ast.get_docstring(node) is not None and len(body) > 1:
        body = body[1:]
    end = node.end_lineno or body[-1].lineno
    return end - body[0].lineno + 1


def _long_functions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({_body_lines(node)} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and _body_lines(node) > MAX_FUNCTION_LINES
    ]


def test_no_file_over_400_lines() -> None:
    long_files = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in _sources()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long_files == []


def test_no_function_over_40_lines() -> None:
    assert [line for path in _sources() for line in _long_functions(path)] == []


def test_the_check_counts_the_body_without_the_docstring() -> None:
    source = 'def f(\n    a: int,\n) -> None:\n    """Doc."""\n' + "    a += 1\n" * 41
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef) and _body_lines(node) == 41
