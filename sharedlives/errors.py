"""The one domain error services raise when a rule from RULES.md refuses an action."""

import re

RULE_ID = re.compile(r"\b([A-Z]{2,4})-(\d+)\b")
# A rule ID inside a sentence (not a household reference such as SL-0012): the prefixes RULES.md uses.
RULE_IN_TEXT = re.compile(r"\b(?:AUD|BAN|CAR|CHG|DOC|END|FEE|HB|MAT|PLA|REF|RES|REV|RPT|SAFE|SEC|SG|TAX)-\d+\b")
RULES_IN_BRACKETS = re.compile(
    r"\s*\((?:" + RULE_IN_TEXT.pattern + r")(?:(?:,\s*|\s+to\s+|\s+and\s+)(?:" + RULE_IN_TEXT.pattern + r"))*\)"
)
_RULE_AFTER_WORDS = re.compile(r",\s*(?:" + RULE_IN_TEXT.pattern + r")(?=\))")


def without_rule_ids(text: str) -> str:
    """The sentence for readers outside the team (a carer's statement): "… rounded once (FEE-8)." -> "… rounded once."."""
    return _RULE_AFTER_WORDS.sub("", RULES_IN_BRACKETS.sub("", text))


class RuleViolation(Exception):
    """A business rule refused the action: `RuleViolation("CAR-1", "Oak House has no place left")`.

    `field` names the form field the message belongs to, when there is one, so the view can show it
    inline as well as in the error summary. `links`: (words, url) pairs to the pages that clear the refusal
    (record the missing DBS check), shown under the error summary.
    """

    def __init__(self, rule: str, message: str, *, field: str | None = None, links=()):
        if not RULE_ID.fullmatch(rule):
            raise ValueError(f"not a rule ID: {rule!r}")
        if not RULE_IN_TEXT.sub("", message).strip(" ().:,"):
            raise ValueError(f"{rule}: say in words what is wrong; the rule ID is never the only explanation")
        self.rule = rule
        self.message = message
        self.field = field
        self.links = tuple(links)
        super().__init__(f"{rule}: {message}")

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})"
