"""The GOV.UK page parts the templates share (sharedlives/templatetags/govuk.py)."""

from django.template import engines

from tests.pages import parsed


def render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def test_table_head_names_each_column_and_marks_numeric_and_hidden_ones():
    html = render('<table>{% table_head "Period" "Total:numeric" "Put right:hidden" %}</table>')
    assert html.count('<th scope="col"') == 3
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th>' in html
    assert '<span class="govuk-visually-hidden">Put right</span>' in html
    assert parsed(html, within=None).text.split() == ["Period", "Total", "Put", "right"]


def test_page_heading_shows_its_button_only_to_those_who_may_act():
    source = (
        '{% page_heading "Rate cards" action_url="/cards/new/" action_label="Create a rate card" may_act=allowed %}'
        '<p class="govuk-body">One card per year.</p>{% endpage_heading %}'
    )
    shown = parsed(render(source, allowed=True), within=None)
    assert shown.text.split()[:2] == ["Rate", "cards"] and "One card per year." in shown.text
    assert ("Create a rate card", "/cards/new/") in shown.links
    assert parsed(render(source, allowed=False), within=None).links == []


def test_filter_form_sends_to_and_clears_back_to_the_page_itself(rf):
    html = render(
        '{% filter_form form "Filter households" %}<input name="q">{% endfilter_form %}',
        form=None,
        request=rf.get("/households/", {"q": "Okafor"}),
    )
    assert 'action="/households/"' in html and '<input name="q">' in html
    assert ("Clear filters", "/households/") in parsed(html, within=None).links


def test_actions_panel_lists_its_items_or_its_links_or_says_there_are_none():
    items = render('{% actions_panel %}<li><a href="/edit/">Edit</a></li>{% endactions_panel %}')
    assert parsed(items, within="nav").links == [("Edit", "/edit/")]
    links = render('{% actions_panel links=actions none="Nothing to record." %}{% endactions_panel %}', actions=[])
    assert "Nothing to record." in parsed(links, within="nav").text
    links = render("{% actions_panel links=actions %}{% endactions_panel %}", actions=[("Edit", "/edit/")])
    assert parsed(links, within="nav").links == [("Edit", "/edit/")]
