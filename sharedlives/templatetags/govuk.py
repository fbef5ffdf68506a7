"""Template helpers for GOV.UK markup, loaded into every template (TEMPLATES builtins)."""

from datetime import date
from decimal import Decimal

from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from sharedlives import permissions
from sharedlives.dates import expiry_status
from sharedlives.errors import RULES_IN_BRACKETS, without_rule_ids
from sharedlives.forms import GovukDateInput
from sharedlives.history import history_entries, user_name
from sharedlives.money import format_money

register = template.Library()

_INPUT_CLASSES = {
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "input": "govuk-input",
    "file": "govuk-file-upload",
}


@register.filter
def money(amount):
    """£1,234.50. Refuses floats (FEE-8): a float reaching a template is a bug to fix, not to hide."""
    if isinstance(amount, float):
        raise TypeError("money must be a Decimal, never a float (FEE-8)")
    if amount in (None, ""):
        return ""
    return format_money(Decimal(amount))


@register.filter
def display_name(user) -> str:
    """A person's name as pages show it (full name, or username); "—" when nobody is recorded, never an error."""
    return user_name(user) or "—"


@register.filter
def widget_kind(field) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.HiddenInput) or field.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def govuk_anchor(field) -> str:
    """Where the error summary links for this field: its first input."""
    kind = widget_kind(field)
    if kind == "date":
        return f"{field.auto_id}_0"  # the day box
    if kind in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.simple_tag
def govuk_widget(field):
    kind = widget_kind(field)
    classes = [_INPUT_CLASSES.get(kind, "")]
    if field.errors:
        classes.append(f"{_INPUT_CLASSES.get(kind, 'govuk-input')}--error")
    attrs = {"class": " ".join(c for c in classes if c).strip()}
    width = field.field.widget.attrs.get("data-width")
    if kind == "input" and width:
        attrs["class"] += f" govuk-input--width-{width}"
    described = [f"{field.auto_id}-hint"] if field.help_text else []
    if field.errors:
        described.append(f"{field.auto_id}-error")
        if kind == "date":
            attrs["error"] = True
    if described and kind != "date":
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


# Expiry tags (CAR-5, CAR-7): red once expired, orange within 30 days, yellow within 90.
@register.simple_tag
def expiry_tag(expires: date | None, today: date | None = None):
    status = expiry_status(expires, today)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', status.colour, status.label)


@register.filter
def yesno_tag(value) -> str:
    if value:
        return format_html('<strong class="govuk-tag govuk-tag--green">{}</strong>', "Yes")
    return format_html('<strong class="govuk-tag govuk-tag--grey">{}</strong>', "No")


@register.simple_tag(takes_context=True)
def page_link(context, param: str, number: int) -> str:
    """The current URL with `param` set to `number`, keeping every filter in the query string."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.inclusion_tag("includes/history.html", takes_context=True)
def history_section(context, instance=None, related=()):
    """`{% history_section placement related=records %}`: the record's History, with its related records' changes."""

    return {
        "history": history_entries(instance, related=related, page=context["request"].GET.get("history_page", 1)),
        "request": context["request"],
    }


@register.filter
def may_open(user, url) -> bool:
    """`{% if request.user|may_open:url %}`: the link's own view would let this user in (sharedlives/permissions.py)."""
    return permissions.may_open(user, str(url))


@register.filter
def without_rules(text) -> str:
    """For readers outside the team (a carer's statement): the sentence without its rule IDs."""
    return without_rule_ids(str(text or ""))


@register.simple_tag
def rule(ids: str):
    """A rule ID on a staff page, as a small detail after the words it backs: `{% rule "REV-2" %}` -> Rule REV-2."""
    several = " to " in ids or "," in ids or " and " in ids
    return format_html('<span class="app-rule">{} {}</span>', "Rules" if several else "Rule", ids)


@register.filter
def rules_as_detail(text) -> str:
    """A sentence from the code (a hint, a label, a fee line's explanation) with its "(REV-2)" shown as the small
    "Rule REV-2" detail that staff pages use ({% rule %}); the words stay the explanation."""
    return mark_safe(  # noqa: S308 - the text is escaped first; only the rule spans are added
        RULES_IN_BRACKETS.sub(
            lambda found: (" " if found.group(0)[:1].isspace() else "") + rule(found.group(0).strip()[1:-1]),
            str(conditional_escape(text if text is not None else "")),
        )
    )


_HEADER_CLASSES = {
    "": "govuk-table__header",
    "numeric": "govuk-table__header govuk-table__header--numeric",  # amounts and counts, right-aligned
    "hidden": "govuk-table__header",  # a column of links, named for screen readers only
}


def _header_cell(heading: str) -> tuple[str, str]:
    text, kind = heading, ""
    for suffix in ("numeric", "hidden"):
        if heading.endswith(f":{suffix}"):
            text, kind = heading.removesuffix(f":{suffix}"), suffix
    label = format_html('<span class="govuk-visually-hidden">{}</span>', text) if kind == "hidden" else text
    return _HEADER_CLASSES[kind], label


@register.simple_tag
def table_head(*headings):
    """A GOV.UK table's head, one column a heading: `{% table_head "Period" "Total:numeric" "Actions:hidden" %}`
    (":numeric" right-aligns a column of amounts or counts; ":hidden" names a column for screen readers only)."""
    return format_html(
        '<thead class="govuk-table__head">\n<tr class="govuk-table__row">\n{}\n</tr>\n</thead>',
        format_html_join("\n", '<th scope="col" class="{}">{}</th>', (_header_cell(str(h)) for h in headings)),
    )


def _render(context, template_name: str, values: dict) -> str:
    """A page part's own template, rendered with `values` only (as an inclusion tag renders)."""
    return context.template.engine.get_template(template_name).render(context.new(values))


@register.simple_block_tag(takes_context=True)
def page_heading(context, content, title: str, action_url: str = "", action_label: str = "", may_act: bool = True):
    """A list page's heading, the words under it (the tag's body) and, where the user may act, its one button:
    `{% url "carers:household_create" as add_url %}{% page_heading "Households" action_url=add_url
    action_label="Add a household" may_act=perms.carers.add_carerhousehold %}{% endpage_heading %}`."""
    return _render(
        context,
        "includes/page_heading.html",
        {"title": title, "lead": content, "action_url": action_url if may_act else "", "action_label": action_label},
    )


@register.simple_block_tag(takes_context=True)
def filter_form(context, content, form, heading: str):
    """A list page's filter panel: the form's error summary, the fields (the tag's body), Apply and Clear.
    The form sends to, and Clear returns to, the page itself without its query string."""
    return _render(
        context,
        "includes/filter_form.html",
        {"form": form, "heading": heading, "fields": content, "page_url": context["request"].path},
    )


@register.simple_block_tag(takes_context=True)
def actions_panel(context, content, links=None, none: str = ""):
    """A record page's Actions column: the tag's body (<li> items), or `links` as (label, url) pairs with `none`
    said when there are none."""
    return _render(context, "includes/actions_panel.html", {"items": content, "links": links, "none": none})


_CAPTION_CLASSES = {"hidden": "govuk-visually-hidden", "m": "govuk-table__caption--m", "s": "govuk-table__caption--s"}


@register.simple_block_tag(takes_context=True)
def data_table(
    context,
    content,
    caption: str,
    *headings,
    rows=None,
    none: str = "",
    count=None,
    caption_size: str = "hidden",
    page_obj=None,
    page_param: str = "page",
    compact: bool = True,
    table_id: str = "",
):
    """A GOV.UK table: its caption (a "(REV-7)" in it shown as {% rule %}; with `count`, the caption is "one,many"
    and reads "3 many"), its head (`headings` as {% table_head %} takes them), the tag's body as its rows, and
    `page_obj`'s pagination; `none` said instead when `rows` is empty:
    `{% data_table "Contacts, newest first" "When" "How" rows=contacts.object_list none="No contacts logged yet."
    page_obj=contacts %}{% for c in contacts.object_list %}<tr>…</tr>{% endfor %}{% enddata_table %}`."""
    if rows is not None and not rows:
        return format_html('<p class="govuk-body">{}</p>', none)
    if count is not None:
        one, many = caption.split(",")
        caption = f"{count} {one if count == 1 else many}"
    pagination = ""
    if page_obj is not None:
        with context.push(page_obj=page_obj, page_param=page_param):
            pagination = context.template.engine.get_template("includes/pagination.html").render(context)
    values = {
        "caption": rules_as_detail(caption),
        "caption_class": _CAPTION_CLASSES[caption_size],
        "head": table_head(*headings),
        "rows": content,
        "pagination": pagination,
        "compact": compact,
        "table_id": table_id,
    }
    return _render(context, "includes/data_table.html", values)
