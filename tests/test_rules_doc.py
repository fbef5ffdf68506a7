"""docs/rules.md maps every rule to the tests that prove it, and stays true."""

from tests.rule_citations import citations, read_rules_doc


def test_every_cited_rule_is_in_docs_rules_md():
    documented = {row["rule"] for row in read_rules_doc()}
    missing = sorted(set(citations()) - documented)
    assert missing == [], f"rule IDs cited by tests but missing from docs/rules.md: {missing}"


def test_every_rule_marked_done_has_a_test():
    cited = citations()
    untested = [
        row["rule"] for row in read_rules_doc() if row["status"] in ("done", "partly") and not cited.get(row["rule"])
    ]
    assert untested == [], f"rules marked done or partly in docs/rules.md with no test citing them: {untested}"


def test_tests_column_matches_the_tests():
    """Run `make rules-doc` to rewrite the column after adding or renaming a test."""
    cited = citations()
    wrong = [row["rule"] for row in read_rules_doc() if row["tests"] != cited.get(row["rule"], set())]
    assert wrong == [], f"docs/rules.md's tests column is out of date for {wrong}: run `make rules-doc`"


def test_statuses_are_known():
    assert {row["status"] for row in read_rules_doc()} <= {"done", "partly", "planned"}
