"""The form page every app uses: GET shows the form; a valid POST calls one service and redirects with a
confirmation banner; a service's refusal goes back onto the form, in the error summary, with its rule ID."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.generic import FormView

from sharedlives.errors import RuleViolation
from sharedlives.permissions import RoleRequiredMixin


def add_validation_error(form, error: ValidationError) -> None:
    """A constraint the service's save refused: under its field when the form has it, else at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class ServiceFormView(RoleRequiredMixin, FormView):
    """Subclasses set permission_required, form_class, template_name, title, button and success_message
    (formatted with `obj`, the service's result, and `view`) and define act(form) and back_url()."""

    title = ""
    intro = ""
    button = "Save"
    success_message = ""
    field_map: dict[str, str] = {}  # a service's field name (in a RuleViolation) -> the form's, where they differ

    def act(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.act(form)
        except RuleViolation as error:
            error.field = self.field_map.get(error.field, error.field)
            form.add_rule_violation(error)
            return self.form_invalid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(self.get_success_url())

    def get_success_message(self) -> str:
        return self.success_message.format(obj=self.object, view=self)

    def back_url(self) -> str:
        raise NotImplementedError

    def get_success_url(self) -> str:
        return self.back_url()

    def caption(self) -> str:
        return ""

    def summary(self) -> list[tuple]:
        """Rows shown above the form: what the form is about, as (key, value) or (key, value, url)."""
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, intro=self.intro, button=self.button, back_url=self.back_url(), caption=self.caption(),
            summary=self.summary(), **kwargs,
        )


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""
