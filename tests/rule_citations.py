"""Which tests cite which rule IDs: a test named `..._FEE_3` or with `FEE-3` in its docstring.

Used by tests/test_rules_doc.py (docs/rules.md must match) and scripts/rules_doc.py (which rewrites it).
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME_CITATION = re.compile(r"__((?:(?:[A-Z]{2,3}|SAFE)_\d+_?)+)$")
DOC_CITATION = re.compile(r"\b((?:[A-Z]{2,3}|SAFE)-\d+)\b")
RULES_DOC = ROOT / "docs" / "rules.md"


def _rules_in_name(name: str) -> set[str]:
    match = NAME_CITATION.search(name)
    if not match:
        return set()
    parts = re.findall(r"(?:[A-Z]{2,3}|SAFE)_\d+", match.group(1))
    return {part.replace("_", "-") for part in parts}


def citations() -> dict[str, set[str]]:
    """rule ID -> {"tests/path.py::test_name", ...}"""
    found: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        tree = ast.parse(path.read_text())
        relative = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                docstring = ast.get_docstring(node) or ""
                for rule in _rules_in_name(node.name) | set(DOC_CITATION.findall(docstring)):
                    found[rule].add(f"{relative}::{node.name}")
    return dict(found)


def read_rules_doc() -> list[dict]:
    """The rows of docs/rules.md's table: rule, summary, status, tests."""
    rows = []
    for line in RULES_DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"(?:[A-Z]{2,3}|SAFE)-\d+", cells[0]):
            tests = {t.strip().strip("`") for t in cells[3].split("<br>") if t.strip()}
            rows.append({"rule": cells[0], "summary": cells[1], "status": cells[2], "tests": tests})
    return rows


def render_tests_cell(tests: set[str]) -> str:
    return "<br>".join(f"`{test}`" for test in sorted(tests))
