"""Plain words: rule IDs are a small detail on staff pages, and never reach a carer's statement."""

import pytest
from django.template import Context, Template
from django.urls import reverse

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
