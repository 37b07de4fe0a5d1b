"""A long fuzzing run over the two file readers (the suite runs a short one):

    .venv/bin/python bench/fuzz.py [--examples 20000]

Every input must give success or a KnownError with a message; anything else is a find.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.services import test_fuzzing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=20_000)
    examples = parser.parse_args().examples
    for name, strategy, check in (
        (
            "case file lines",
            test_fuzzing._mutations(),
            test_fuzzing.test_any_case_line_parses_or_is_a_clear_field_error,
        ),
        (
            "SFI lists",
            test_fuzzing.SFI_INPUT,
            test_fuzzing.test_any_sfi_list_reads_or_is_refused_clearly,
        ),
    ):
        inner = check.hypothesis.inner_test  # type: ignore[attr-defined]
        start = time.perf_counter()
        settings(max_examples=examples, deadline=None, database=None)(given(strategy)(inner))()
        print(f"{name}: {examples} inputs, no finds ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
