"""Who uses an approved resource: its scope (schools or classes) and the students and guardians it
reaches. Admins only; listing the people is an audit event."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from vetted.audit.services import record
from vetted.catalog.models import Resource, ResourceDecision
from vetted.catalog.reviews import APPROVALS
from vetted.districts.access import member_district

from . import services
from .models import Org, ResourceScope, SchoolClass
from .selectors import guardians_of, students_using

SHOWN = 100


class ScopeForm(forms.Form):
    schools = forms.ModelMultipleChoiceField(queryset=Org.objects.none(), required=False,
                                             widget=forms.CheckboxSelectMultiple, label="Only in these schools")  # fmt: skip
    classes = forms.ModelMultipleChoiceField(
        queryset=SchoolClass.objects.none(), required=False, label="Only in these classes",
        help_text="Classes win over schools. Choose none of either: wherever its grades allow.",
    )  # fmt: skip

    def __init__(self, *args: Any, district: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        schools = self.fields["schools"]
        classes = self.fields["classes"]
        assert isinstance(schools, forms.ModelMultipleChoiceField)
        assert isinstance(classes, forms.ModelMultipleChoiceField)
        schools.queryset = Org.objects.filter(district=district, type="school").order_by("name")
        classes.queryset = SchoolClass.objects.filter(district=district).order_by("title")


@login_required
def resource_usage(request: HttpRequest, district_slug: str, resource_id: int) -> HttpResponse:
    district = member_district(request.user, district_slug, "roster.manage")
    decision = get_object_or_404(
        ResourceDecision.objects.select_related("resource"), district=district, resource_id=resource_id,
        status__in=APPROVALS,
    )  # fmt: skip
    resource: Resource = decision.resource
    scope = ResourceScope.objects.filter(district=district, resource=resource).first()
    initial = {"schools": list(scope.schools.all()), "classes": list(scope.classes.all())} if scope else {}
    form = ScopeForm(request.POST if request.method == "POST" else None, initial=initial, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_scope(district, resource, schools=list(form.cleaned_data["schools"]),
                               classes=list(form.cleaned_data["classes"]), actor=request.user)  # fmt: skip
            messages.success(request, f"Where “{resource}” is used is saved.")
            return redirect("roster-resource", district.slug, resource.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    students = students_using(district, resource)
    shown = list(
        students.order_by("family_name", "given_name").prefetch_related("guardian_links__guardian")[:SHOWN]
    )
    with transaction.atomic():
        record(district, "roster.users_viewed", actor=request.user, subject=decision,
               details={"resource": resource.pk, "shown": len(shown)})  # fmt: skip
    context = {"district": district, "decision": decision, "resource": resource, "form": form,
               "students": shown, "student_count": students.count(),
               "guardian_count": guardians_of(students).count(), "shown_limit": SHOWN}  # fmt: skip
    return render(request, "rosters/usage.html", context, status=400 if form.errors else 200)
