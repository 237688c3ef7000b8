"""``iat score``: score a CSV/TSV of trials from any tool (see :mod:`scoring`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import typer

from app.exports.csv_cells import neutralise
from scoring.csv_input import BlockMap, CsvColumns, CsvTrials
from scoring.dscore import DScoreResult, compute_d_with_variants
from scoring.errors import CsvInputError, ScoringError
from scoring.importers import FORMATS, check_latencies, read_export
from scoring.options import DScoreOptions, Variant, options_for_error_mode
from scoring.report import score_columns

Opt = typer.Option


def register(cli: typer.Typer) -> None:
    """Add the ``score`` command to the root CLI."""
    cli.command(name="score")(score)


def score(
    input_path: Annotated[
        Path, typer.Argument(help="Trial file: long CSV/TSV (.gz too) or --format")
    ],
    out: Annotated[Path, Opt("--out", help="Output CSV, one row per participant")],
    input_format: Annotated[
        str, Opt("--format", help=f"Input format: {' | '.join(FORMATS)}")
    ] = "long",
    participant_col: Annotated[str, Opt(help="Participant column")] = "subject",
    latency_col: Annotated[str, Opt(help="Latency to the correct response (ms)")] = "latency_ms",
    correct_col: Annotated[str, Opt(help="1 = correct, 0 = error")] = "correct",
    block_col: Annotated[str, Opt(help="Block label column (with --map-*)")] = "block",
    pairing_col: Annotated[str, Opt(help="A/B column; empty = non-critical")] = "pairing",
    stage_col: Annotated[str, Opt(help="practice/test column; empty = non-critical")] = "stage",
    first_latency_col: Annotated[str | None, Opt(help="Latency to the first response")] = None,
    map_a_practice: Annotated[str | None, Opt(help="Block label of pairing A practice")] = None,
    map_a_test: Annotated[str | None, Opt(help="Block label of pairing A test")] = None,
    map_b_practice: Annotated[str | None, Opt(help="Block label of pairing B practice")] = None,
    map_b_test: Annotated[str | None, Opt(help="Block label of pairing B test")] = None,
    variant: Annotated[str | None, Opt(help="D1..D6 (default from --error-mode: D1)")] = None,
    error_mode: Annotated[
        str, Opt(help="forced_correction (D1) or none (D4)")
    ] = "forced_correction",
    all_variants: Annotated[bool, Opt(help="Add d1..d6 (+ _practice, _test) columns")] = False,
    reliability: Annotated[bool, Opt(help="Print sample split-half reliability")] = False,
    slow_cut: Annotated[str, Opt(help="gt or ge 10 000 ms")] = "gt",
    fast_exclusion: Annotated[str, Opt(help="apply, flag or off")] = "apply",
    sd_timing: Annotated[str, Opt(help="after or before error replacement")] = "after",
    latency: Annotated[str, Opt(help="to_correct or first")] = "to_correct",
    bootstrap: Annotated[
        int, Opt(min=0, help="Bootstrap replicates for each SE (default 0: no SE, se empty)")
    ] = 0,
    splits: Annotated[
        int, Opt(min=0, help="Random splits for the split-half estimate (default 0: none)")
    ] = 0,
    seed: Annotated[int, Opt(help="Seed of bootstrap and random splits")] = 0,
) -> None:
    """Score IAT trials: D per participant to --out, provenance to --out + '.json'.

    Default: D with its practice/test halves, rates, counts, flags, band; odd/even split-half.

    No bootstrap SE and no random splits unless asked: --bootstrap N, --splits N."""
    try:
        columns = CsvColumns(
            participant_col,
            latency_col,
            correct_col,
            block_col,
            pairing_col,
            stage_col,
            first_latency_col,
        )
        maps = (map_a_practice, map_a_test, map_b_practice, map_b_test)
        options, note = _options(variant, error_mode, slow_cut, fast_exclusion, sd_timing, latency)
        if options.latency == "first" and first_latency_col is None:
            raise CsvInputError("--latency first needs --first-latency-col")
        data = read_export(input_path, input_format, columns, _block_map(maps))
        check_latencies(data, options, all_variants)
        result, others = compute_d_with_variants(
            data.trials,
            options,
            tuple(Variant) if all_variants else (),
            n_boot=bootstrap,
            n_splits=splits,
            seed=seed,
            note=note,
        )
    except ScoringError as error:
        typer.echo(f"iat score: {error}", err=True)
        raise typer.Exit(2) from None
    _write_csv(out, score_columns(result, others if all_variants else None))
    _write_json(Path(f"{out}.json"), result, data, note, input_path, columns, maps, all_variants)
    if reliability:
        typer.echo(_reliability_text(result))


def _options(variant: str | None, error_mode: str, *choices: str) -> tuple[DScoreOptions, str]:
    default, note = options_for_error_mode(error_mode)
    chosen = variant if variant is not None else str(default.variant)
    if variant is not None:
        note = "variant given explicitly"
    slow_cut, fast_exclusion, sd_timing, latency = choices
    return DScoreOptions(chosen, slow_cut, fast_exclusion, sd_timing, latency), note  # type: ignore[arg-type]


def _block_map(maps: tuple[str | None, ...]) -> BlockMap | None:
    given = [m for m in maps if m is not None]
    if not given:
        return None
    if len(given) < 4:
        raise CsvInputError(
            "give all four of --map-a-practice, --map-a-test, --map-b-practice, --map-b-test"
        )
    return BlockMap(*given)


def _text_safe(values: Any) -> Any:
    """A text column (participant ids, flags, bands) with spreadsheet formulas neutralised."""
    if getattr(values, "dtype", None) is None or values.dtype.kind not in "OU":
        return values
    return [neutralise(v) for v in values.tolist()]


def _write_csv(path: Path, columns: dict[str, Any]) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.table(
        {name: pa.array(_text_safe(values), from_pandas=True) for name, values in columns.items()}
    )
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))


def _write_json(
    path: Path,
    result: DScoreResult,
    data: CsvTrials,
    note: str,
    input_path: Path,
    columns: CsvColumns,
    maps: tuple[str | None, ...],
    all_variants: bool,
) -> None:
    source = {
        "input": str(input_path),
        "format": data.source_format,
        "rows": str(data.n_rows),
        "noncritical_rows_skipped": str(data.n_noncritical),
        **{f"column_{k}": str(v) for k, v in asdict(columns).items() if v is not None},
    }
    if maps[0] is not None:
        source.update(
            zip(
                ("map_a_practice", "map_a_test", "map_b_practice", "map_b_test"),
                (str(m) for m in maps),
                strict=True,
            )
        )
    provenance = result.provenance
    document = {
        "provenance": {**provenance.to_dict(), "note": note, "source": source},
        "all_variants": all_variants,
        "mean_d": asdict(result.mean),
        "split_half_odd_even": asdict(result.odd_even),
        "split_half_permutation": asdict(result.permutation) if result.permutation else None,
    }
    path.write_text(json.dumps(_no_nan(document), indent=2) + "\n", encoding="utf-8")


def _no_nan(value: Any) -> Any:
    """NaN becomes null, so the sidecar is strict JSON."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    return value


def _reliability_text(result: DScoreResult) -> str:
    odd_even, perm, mean = result.odd_even, result.permutation, result.mean
    lines = [
        f"split-half (odd/even, Spearman-Brown): {odd_even.spearman_brown:.3f} "
        f"(r = {odd_even.r:.3f}, n = {odd_even.n})",
        f"mean D: {mean.mean:.3f} [95% CI {mean.ci_low:.3f}, {mean.ci_high:.3f}], n = {mean.n}",
    ]
    if perm is not None:
        lines.insert(
            1,
            f"split-half ({perm.n_splits} random splits, seed {perm.seed}): "
            f"mean {perm.mean:.3f}, SD {perm.sd:.3f}, 95% [{perm.q025:.3f}, {perm.q975:.3f}]",
        )
    return "\n".join(lines)
