"""Rewrite the tests column of docs/rules.md from the tests' own citations (`make rules-doc`)."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.rule_citations import RULES_DOC, citations, render_tests_cell  # noqa: E402


def main() -> int:
    cited = citations()
    lines = []
    for line in RULES_DOC.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"(?:[A-Z]{2,3}|SAFE)-\d+", cells[0]):
            cells[3] = render_tests_cell(cited.get(cells[0], set()))
            line = "| " + " | ".join(cells) + " |"
        lines.append(line)
    RULES_DOC.write_text("\n".join(lines) + "\n")
    print(f"docs/rules.md: tests column rewritten for {len(cited)} cited rules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
