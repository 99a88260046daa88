"""The wording editor (/manage/<d>/notices/templates/) and families' languages
(/manage/<d>/notices/languages/). Admins only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.access import member_district
from vetted.kit.forms import add_service_errors
from vetted.kit.ids import parse_id
from vetted.rosters.models import Person

from .. import wording
from ..forms import LANGUAGE_CODE, AddLanguageForm, PersonLanguageForm, TemplateForm
from ..models import NoticeKind
from ..services import languages
from ..services import templates as svc
from ..services.drafts import language_name


def _kind_and_code(kind: str, code: str) -> tuple[str, str]:
    if kind not in NoticeKind.values or not LANGUAGE_CODE.fullmatch(code):
        raise Http404("No such kind or language.")
    return kind, code


def _list_page(
    request: HttpRequest, district_slug: str, add_form: AddLanguageForm | None = None
) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    return render(request, "notices/staff/templates.html", {
        "district": district, "rows": svc.overview(district), "add_form": add_form or AddLanguageForm(),
    }, status=400 if add_form is not None else 200)  # fmt: skip


@login_required
def template_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    return _list_page(request, district_slug)


@login_required
@require_POST
def language_add(request: HttpRequest, district_slug: str) -> HttpResponse:
    """Adding a language is writing its first text: this opens the editor for it (nothing saved yet)."""
    district = member_district(request.user, district_slug, "notice.manage")
    form = AddLanguageForm(request.POST)
    if not form.is_valid():
        return _list_page(request, district_slug, form)
    return redirect(
        "staff-notice-template", district.slug, NoticeKind.CONTRACT_EXECUTED, form.cleaned_data["code"]
    )


@login_required
def template_edit(request: HttpRequest, district_slug: str, kind: str, code: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    kind, code = _kind_and_code(kind, code)
    current, own = svc.current(district, kind, code)
    english = wording.shipped_wording(wording.DEFAULT_LANGUAGE, kind)
    initial = {"subject": current.subject, "body": current.body} if current else {}
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.save_template(district, kind=kind, language=code, actor=request.user, **form.cleaned_data)
            messages.success(request, f"{NoticeKind(kind).label} in {language_name(code)} saved; "
                                      "notices sent from now on use it.")  # fmt: skip
            return redirect("staff-notice-templates", district.slug)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "notices/staff/template.html", {
        "district": district, "kind": kind, "kind_label": NoticeKind(kind).label, "code": code,
        "language_name": language_name(code), "form": form, "own": own,
        "shipped": wording.shipped_wording(code, kind) is not None, "english": english if code != "en" else None,
        "placeholders": wording.PLACEHOLDERS.items(),
        "kinds": [(k, label) for k, label in NoticeKind.choices],
    }, status=400 if form.errors else 200)  # fmt: skip


@login_required
@require_POST
def template_reset(request: HttpRequest, district_slug: str, kind: str, code: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "notice.manage")
    kind, code = _kind_and_code(kind, code)
    if svc.reset_template(district, kind=kind, language=code, actor=request.user):
        shipped = wording.shipped_wording(code, kind) is not None
        messages.success(request, "Back to the product's text." if shipped else
                         f"The district's {language_name(code)} text is removed; those families get English.")  # fmt: skip
    return redirect("staff-notice-templates", district.slug)


@login_required
def family_languages(request: HttpRequest, district_slug: str) -> HttpResponse:
    """Guardians whose language the roster does not record (or all, with ?all=1), to record it."""
    district = member_district(request.user, district_slug, "notice.manage")
    q = request.GET.get("q", "").strip()[:100]
    show_all = request.GET.get("all") == "1"
    form = PersonLanguageForm(request.POST or None)
    if request.method == "POST":
        person_id = parse_id(request.POST.get("person", ""))
        person = get_object_or_404(
            Person, district=district, pk=person_id or 0, role__in=languages.GUARDIAN_ROLES
        )
        if form.is_valid():
            try:
                languages.set_language(person, form.cleaned_data["language"], actor=request.user)
                messages.success(request, f"{person} now gets notices in {language_name(person.language)}.")
                return redirect(request.get_full_path())
            except ValidationError as exc:
                add_service_errors(form, exc)
    page = Paginator(languages.guardians(district, q=q, unrecorded=not show_all), 50).get_page(
        request.GET.get("page")
    )
    if request.method == "GET":  # names and addresses of families: reading them is recorded
        record_read(district, "roster.guardians_viewed", actor=request.user,
                    details={"page": page.number, "q": q, "all": show_all})  # fmt: skip
    return render(request, "notices/staff/languages.html", {
        "district": district, "page": page, "q": q, "show_all": show_all, "form": form,
        "error_for": parse_id(request.POST.get("person", "")) if request.method == "POST" else None,
        "names": {code: language_name(code) for code in {p.language for p in page.object_list if p.language}},
    }, status=400 if form.errors else 200)  # fmt: skip
