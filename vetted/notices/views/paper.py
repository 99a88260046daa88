"""Staff record the answer a family wrote on a letter's reply slip (admins only: it names students)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vetted.audit.services import record_read
from vetted.districts.access import member_district
from vetted.kit.ids import parse_id
from vetted.rosters.models import Person

from ..models import Decision, Notice, NoticeText, RecipientStudent, Relationship
from ..services import consent as services


class StudentChoice(forms.ModelChoiceField):  # type: ignore[type-arg,unused-ignore]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.preferred_given_name or obj.given_name} {obj.family_name}"


class PaperAnswerForm(forms.Form):
    student = StudentChoice(queryset=Person.objects.none(), label="Student")
    decision = forms.ChoiceField(choices=Decision.choices, label="The family's answer")
    typed_name = forms.CharField(max_length=200, label="Name as signed on the slip")
    relationship = forms.ChoiceField(choices=Relationship.choices, label="Who signed")
    language = forms.ChoiceField(label="Language of the letter they answered")

    def __init__(self, *args: Any, notice: Notice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        student = self.fields["student"]
        assert isinstance(student, forms.ModelChoiceField)
        student.queryset = Person.objects.filter(
            district=notice.district, pk__in=RecipientStudent.objects.filter(recipient__notice=notice).values("student_id")
        ).order_by("family_name", "given_name", "pk")  # fmt: skip
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [
            (t.language, t.language) for t in NoticeText.objects.filter(notice=notice).order_by("language")
        ]


@login_required
def paper_answer(request: HttpRequest, district_slug: str, notice_id: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "consent.record_paper")
    pk = parse_id(notice_id)
    notice = (
        Notice.objects.select_related("resource").filter(district=district, pk=pk).first() if pk else None
    )
    if notice is None or not services.asks_for_answer(notice):
        raise Http404("No permission request with that number.")
    form = PaperAnswerForm(request.POST if request.method == "POST" else None, notice=notice)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_paper_answer(
                notice, student=data["student"], decision=data["decision"], typed_name=data["typed_name"],
                relationship=data["relationship"], language=data["language"], actor=request.user,
            )  # fmt: skip
            messages.success(request, "The answer on the reply slip is recorded.")
            return redirect("notice-paper-answer", district.slug, notice.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    if request.method == "GET":
        record_read(district, "consent.paper_form_viewed", actor=request.user, subject=notice)
    return render(request, "notices/answer/paper.html", {"district": district, "notice": notice, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip
