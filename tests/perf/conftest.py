"""`make bench`: benchmarks that time real work and write their results to docs/benchmarks.md.

A benchmark is a test marked `bench` that calls the `bench` fixture: `bench("what", target_seconds, fn)`.
`make test` never runs them (pyproject addopts: -m 'not bench'); speed targets live here, not in tests.
"""

import platform
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

RESULTS: list["BenchResult"] = []
DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


@dataclass
class BenchResult:
    name: str
    seconds: float
    target: float | None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.target is None:
            return "—"
        return "within target" if self.seconds <= self.target else "OVER target"


@pytest.fixture
def bench():
    def run(name: str, target: float | None, function, *, repeat: int = 3, note: str = ""):
        timings = []
        result = None
        for _ in range(repeat):
            started = time.perf_counter()
            result = function()
            timings.append(time.perf_counter() - started)
        RESULTS.append(BenchResult(name, min(timings), target, note))
        return result

    return run


def _earlier_text() -> tuple[str, str]:
    """The file as it was: the table part, and the sections after it (## headings, e.g. the national-scale load
    test that scripts/loadtest.py writes), which the benchmarks keep as they are."""
    text = DOC.read_text() if DOC.exists() else ""
    table, heading, after = text.partition("\n## ")
    return table, heading.lstrip("\n") + after


def _earlier_rows(table: str) -> dict[str, str]:
    """Rows from the last run, by benchmark name: running one benchmark keeps the others' figures."""
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 5 and cells[0] not in ("benchmark",):
            rows[cells[0]] = line
    return rows


def pytest_sessionfinish(session, exitstatus):
    if not RESULTS:
        return
    table, after = _earlier_text()
    rows = _earlier_rows(table)
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tests/perf/). Best of three runs; targets come from the issues.",
        f"Last run: {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, Python {platform.python_version()}.",
        "",
        "| benchmark | measured | target | verdict | note |",
        "|---|---|---|---|---|",
    ]
    for r in RESULTS:
        target = f"{r.target:g} s" if r.target is not None else "—"
        rows[r.name] = f"| {r.name} | {r.seconds * 1000:.1f} ms | {target} | {r.verdict} | {r.note} |"
    lines += [rows[name] for name in sorted(rows)]
    DOC.write_text("\n".join(lines) + "\n" + (f"\n{after}" if after else ""))
