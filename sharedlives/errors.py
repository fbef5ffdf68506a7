"""The one domain error services raise when a rule from RULES.md refuses an action."""

import re

RULE_ID = re.compile(r"\b([A-Z]{2,3})-(\d+)\b")


class RuleViolation(Exception):
    """A business rule refused the action: `RuleViolation("CAR-1", "Oak House has no place left")`.

    `field` names the form field the message belongs to, when there is one, so the view can show it
    inline as well as in the error summary.
    """

    def __init__(self, rule: str, message: str, *, field: str | None = None):
        if not RULE_ID.fullmatch(rule):
            raise ValueError(f"not a rule ID: {rule!r}")
        self.rule = rule
        self.message = message
        self.field = field
        super().__init__(f"{rule}: {message}")

    def __str__(self) -> str:
        return f"{self.message} ({self.rule})"
