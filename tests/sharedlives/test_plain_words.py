"""Plain words: rule IDs are a small detail on staff pages, and never reach a carer's statement."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from sharedlives.errors import RULES_IN_BRACKETS as RULE_IN_BRACKETS_ON_PAGE
from sharedlives.errors import without_rule_ids
from tests.pages import parsed


def test_a_rule_id_on_a_staff_page_is_a_small_detail(client, manager):
    client.force_login(manager)
    html = client.get(reverse("approvals")).content.decode()
    assert '<span class="app-rule">Rule AUD-2</span>' in html
    assert "(AUD-2)" not in html


def test_the_rule_tag_names_one_rule_or_a_range():
    rendered = Template('{% rule "REV-2" %} {% rule "HB-1 to HB-3" %}').render(Context())
    assert rendered == '<span class="app-rule">Rule REV-2</span> <span class="app-rule">Rules HB-1 to HB-3</span>'


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Rounded once, to the penny (FEE-8).", "Rounded once, to the penny."),
        ("Rent continues until belongings are removed (END-1, END-6).", "Rent continues until belongings are removed."),
        ("Moved out (another placement found, END-3)", "Moved out (another placement found)"),
        ("SL-0012: claims (HB-1 to HB-3)", "SL-0012: claims"),  # a household reference is not a rule
    ],
)
def test_a_sentence_for_a_carer_loses_its_rule_ids(text, plain):
    assert without_rule_ids(text) == plain
    assert parsed(Template("<main>{{ t|without_rules }}</main>").render(Context({"t": text}))).text == plain


def test_a_hint_from_the_code_shows_its_rule_as_the_small_detail():
    """Form hints and labels are written in the code with a rule in brackets; on the page the rule is the small detail, and
    the text around it is still escaped."""
    rendered = Template("{{ t|rules_as_detail }}").render(Context({"t": "Within 12 months <of> the last (REV-3)."}))
    assert rendered == 'Within 12 months &lt;of&gt; the last <span class="app-rule">Rule REV-3</span>.'


def test_a_forms_hints_show_their_rules_as_small_details(client, officer):
    """The review form's hints, written in the code with a rule in brackets, show it as the small detail."""
    from tests.carers.factories import approved_household

    household = approved_household(officer=officer)
    client.force_login(officer)
    html = client.get(reverse("reviews:record_review", args=[household.pk])).content.decode()
    assert '<span class="app-rule">Rule ' in html
    assert not RULE_IN_BRACKETS_ON_PAGE.search(parsed(html).text), RULE_IN_BRACKETS_ON_PAGE.findall(parsed(html).text)


@pytest.mark.parametrize("message", ["", "REV-2", "(REV-2)", " (CAR-1, CAR-2). "])
def test_a_refusal_always_says_in_words_what_is_wrong(message):
    from sharedlives.errors import RuleViolation

    with pytest.raises(ValueError, match="never the only explanation"):
        RuleViolation("REV-2", message)
    assert str(RuleViolation("REV-2", "Choose the household.")) == "Choose the household. (REV-2)"
