"""Records about a household's people: carers, support carers, training, DBS checks, insurance, agreements
and breaks. Each page is a ServiceFormView: one form, one service call, back to the household page.
"""

import copy
from functools import cached_property

from django.shortcuts import get_object_or_404

from carers import forms, services
from carers.models import Carer, HouseholdMember, SupportCarer
from carers.views import ServiceFormView


class HouseholdRecordView(ServiceFormView):
    """For forms whose choices are the household's own people (forms.HouseholdRecordForm). Each makes a record."""

    creates = True

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"household": self.household}


class CarerAddView(ServiceFormView):
    permission_required = "carers.add_carer"
    creates = True
    form_class = forms.CarerForm
    title = "Add a carer"
    button = "Add carer"
    success_message = "{obj.full_name} added to the household."

    def get_initial(self):
        return forms.initial_role(self.household)

    def act(self, form):
        return services.add_carer(self.household, by=self.request.user, **form.cleaned_data)


class CarerEditView(ServiceFormView):
    permission_required = "carers.change_carer"
    form_class = forms.CarerForm
    title = "Edit a carer"
    success_message = "{obj.full_name}'s details saved."

    @cached_property
    def carer(self) -> Carer:
        return get_object_or_404(Carer, pk=self.kwargs["carer_pk"], household=self.household)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": copy.copy(self.carer)}

    def act(self, form):
        return services.update_carer(self.carer, by=self.request.user, **form.cleaned_data)


class MemberAddView(ServiceFormView):
    permission_required = "carers.add_householdmember"
    creates = True
    form_class = forms.MemberForm
    title = "Add a household member"
    intro = "Someone else who lives in the household. From their 16th birthday they need a DBS check (SAFE-1)."
    button = "Add household member"
    success_message = "{obj.full_name} added to the household."

    def act(self, form):
        return services.add_member(household=self.household, by=self.request.user, **form.cleaned_data)


class MemberEditView(ServiceFormView):
    permission_required = "carers.change_householdmember"
    form_class = forms.MemberForm
    title = "Edit a household member"
    success_message = "{obj.full_name}'s details saved."

    @cached_property
    def member(self) -> HouseholdMember:
        return get_object_or_404(HouseholdMember, pk=self.kwargs["member_pk"], household=self.household)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": copy.copy(self.member)}

    def act(self, form):
        return services.update_member(self.member, by=self.request.user, **form.cleaned_data)


class SupportCarerAddView(ServiceFormView):
    permission_required = "carers.add_supportcarer"
    creates = True
    form_class = forms.SupportCarerForm
    title = "Add a support carer"
    intro = "Family or friends who cover breaks need the scheme's agreement and a DBS check first (CAR-6)."
    button = "Add support carer"
    success_message = "{obj.full_name} added as a support carer."

    def act(self, form):
        return services.add_support_carer(household=self.household, by=self.request.user, **form.cleaned_data)


class SupportCarerEditView(ServiceFormView):
    permission_required = "carers.change_supportcarer"
    form_class = forms.SupportCarerForm
    title = "Edit a support carer"
    success_message = "{obj.full_name}'s details saved."

    @cached_property
    def support_carer(self) -> SupportCarer:
        return get_object_or_404(SupportCarer, pk=self.kwargs["support_carer_pk"], household=self.household)

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": copy.copy(self.support_carer)}

    def act(self, form):
        return services.update_support_carer(self.support_carer, by=self.request.user, **form.cleaned_data)


class RecordTrainingView(HouseholdRecordView):
    permission_required = "carers.add_trainingrecord"
    form_class = forms.TrainingForm
    title = "Record training"
    button = "Save training"
    success_message = "{obj.course.name} recorded for {obj.carer.full_name}."

    def get_initial(self):
        """The compliance table's Renew links choose the carer and course: ?carer=12&course=3."""
        return {key: self.request.GET[key] for key in ("carer", "course") if self.request.GET.get(key, "").isdigit()}

    def act(self, form):
        return services.record_training(by=self.request.user, **form.cleaned_data)


class RecordDbsView(HouseholdRecordView):
    permission_required = "carers.add_dbscheck"
    form_class = forms.DbsForm
    title = "Record a DBS check"
    button = "Save DBS check"
    success_message = "DBS check recorded for {obj.person_name}."

    def get_initial(self):
        return {"person": self.request.GET.get("person", "")}

    def act(self, form):
        return services.record_dbs_check(by=self.request.user, **form.cleaned_data)


class RecordInsuranceView(ServiceFormView):
    permission_required = "carers.add_insurancepolicy"
    creates = True
    form_class = forms.InsuranceForm
    title = "Record insurance"
    button = "Save insurance"
    success_message = "{obj} recorded."

    def act(self, form):
        return services.record_insurance(household=self.household, by=self.request.user, **form.cleaned_data)


class RecordAgreementView(ServiceFormView):
    permission_required = "carers.add_careragreement"
    creates = True
    form_class = forms.AgreementForm
    title = "Record a carer agreement"
    intro = "A new version of the carer agreement is a new record; the latest signed one counts (CAR-8)."
    button = "Save agreement"
    success_message = "Carer agreement {obj.version} recorded."

    def act(self, form):
        return services.record_agreement(household=self.household, by=self.request.user, **form.cleaned_data)


class RecordBreakView(HouseholdRecordView):
    permission_required = "carers.add_carerbreak"
    form_class = forms.BreakForm
    title = "Record a break"
    intro = "Nights beyond the household's yearly respite allocation wait for the management team (RES-1)."
    button = "Save break"
    success_message = "Break recorded: {obj.nights} nights from {obj.starts_on:%-d %B %Y}."

    def act(self, form):
        return services.record_break(household=self.household, by=self.request.user, **form.cleaned_data)


class CancelBreakView(ServiceFormView):
    permission_required = "carers.change_carerbreak"
    form_class = forms.ConfirmForm
    title = "Cancel a break"
    button = "Cancel break"
    success_message = "{obj} cancelled."

    @cached_property
    def carer_break(self):
        return get_object_or_404(self.household.breaks, pk=self.kwargs["break_pk"])

    @property
    def intro(self):
        return f"{self.carer_break}: {self.carer_break.nights} nights. Its nights stop counting against the allocation."

    def act(self, form):
        return services.cancel_break(self.carer_break, by=self.request.user)
