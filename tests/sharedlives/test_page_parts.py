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
