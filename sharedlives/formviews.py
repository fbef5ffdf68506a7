"""The form page every app uses: GET shows the form; a valid POST calls one service and redirects with a
confirmation banner; a service's refusal goes back onto the form, in the error summary, with its rule ID."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.views.generic import FormView

from sharedlives.db import integrity_message
from sharedlives.errors import RuleViolation
from sharedlives.models import SubmittedForm
from sharedlives.permissions import RoleRequiredMixin

TOKEN = "submission_token"


class AlreadySubmitted(Exception):
    def __init__(self, earlier: SubmittedForm):
        self.earlier = earlier


def _token(form) -> uuid.UUID | None:
    """The form's token, taken out of cleaned_data (services receive only the record's own fields)."""
    try:
        return uuid.UUID(str(form.cleaned_data.pop(TOKEN, None) or ""))
    except ValueError:
        return None  # no token, or not one we gave: the form is simply not protected against a repeat


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

    template_name = "includes/service_form.html"
    title = ""
    intro = ""
    button = "Save"
    success_message = ""
    field_map: dict[str, str] = {}  # a service's field name (in a RuleViolation) -> the form's, where they differ
    creates = False  # a form that makes a new record: sent twice, it still makes one (a one-time token)
    rule_links: tuple = ()  # a refusal's links to the pages that clear it (RuleViolation.links)

    def act(self, form):
        raise NotImplementedError

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.creates:
            form.fields[TOKEN] = forms.CharField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4().hex)
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                claimed = self._claim(form)
                self.object = self.act(form)
                url = self.get_success_url()
                if claimed is not None:
                    claimed.result_url = url[:500]
                    claimed.save(update_fields=["result_url"])
        except AlreadySubmitted as repeat:
            messages.info(self.request, "This form was already sent, so nothing was saved twice.")
            return redirect(repeat.earlier.result_url or self.back_url())
        except RuleViolation as error:
            error.field = self.field_map.get(error.field, error.field)
            form.add_rule_violation(error)
            self.rule_links = error.links
            return self.form_invalid(form)
        except ValidationError as error:
            add_validation_error(form, error)
            return self.form_invalid(form)
        except IntegrityError as error:
            # A constraint met by someone else's save a moment earlier: plain words on the form, never a 500.
            message, field = integrity_message(error)
            form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.get_success_message())
        return redirect(url)

    def _claim(self, form) -> SubmittedForm | None:
        """Take the form's token; if it was taken already (by a finished or a concurrent send), say so."""
        token = _token(form) if self.creates else None
        if token is None:
            return None
        try:
            with transaction.atomic():
                return SubmittedForm.objects.create(token=token, user=self.request.user, path=self.request.path[:300])
        except IntegrityError:
            raise AlreadySubmitted(SubmittedForm.objects.get(token=token, user=self.request.user)) from None

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
            title=self.title,
            intro=self.intro,
            button=self.button,
            back_url=self.back_url(),
            caption=self.caption(),
            summary=self.summary(),
            rule_links=self.rule_links,
            **kwargs,
        )
