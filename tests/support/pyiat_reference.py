"""pyiat 0.2's D (``analyze_iat``) for a long frame with ``pairing`` (A/B) and ``stage`` columns.

pyiat's D is cond1 - cond2, so cond1 = B gives our sign; it equals our D2 with
``slow_cut="ge"`` and ``fast_exclusion="off"``. pyiat warns about pandas idioms it uses: silenced.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest


def pyiat_d(frame: pd.DataFrame, rt: str, correct: str) -> pd.Series:
    """D per subject, indexed by ``frame.subject``; skips the test when pyiat is missing."""
    pyiat = pytest.importorskip("pyiat")
    frame = frame.assign(blk=(frame.stage == "test") * 1 + (frame.pairing == "B") * 2 + 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pyiat.analyze_iat(
            frame,
            subject="subject",
            rt=rt,
            correct=correct,
            condition="pairing",
            cond1="B",
            cond2="A",
            block="blk",
            blocks=[1, 2, 3, 4],
        )["dscore"]
