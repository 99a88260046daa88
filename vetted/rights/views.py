"""The family portal's pages. Public routes (sign-in, code) answer the same for any address; every
other page needs a family session (identity.signed_in_family) and shows only the member's own
children. Words come from the family's language (vetted.notices.wording labels `portal_*`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from vetted.audit.services import record_read
from vetted.districts.access import public_district
from vetted.districts.models import District
from vetted.kit.ids import parse_id
from vetted.kit.localtime import to_local
from vetted.notices import wording
from vetted.notices.consent import client_address, user_agent
from vetted.notices.models import Notice

from . import identity, selectors
from .directory import portal as directory_portal
from .services import codes, portal

PENDING_KEY = "vetted_family_pending"  # the address a code was asked for (the code page's)
LANG_KEY = "vetted_family_lang"


def _lang(request: HttpRequest, member: identity.FamilyMember | None = None) -> wording.Language:
    chosen = request.GET.get("lang", "")
    if chosen in wording.shipped_languages():
        request.session[LANG_KEY] = chosen
    code = request.session.get(LANG_KEY) or (member.language if member else "") or wording.DEFAULT_LANGUAGE
    lang = wording.language(str(code))
    return lang if lang.code in wording.shipped_languages() else wording.language(wording.DEFAULT_LANGUAGE)


def _words(lang: wording.Language, district: District) -> dict[str, str]:
    base = wording.language(wording.DEFAULT_LANGUAGE).labels
    words = {k[len("portal_") :]: lang.label(k) for k in base if k.startswith("portal_")}
    words["contact"] = lang.label("contact", contact=district.public_contact_email or district.name)
    words["skip"] = lang.label("skip")
    words["lang"] = lang.code
    words["other_lang"] = "es" if lang.code == "en" else "en"
    return words


def _render(request: HttpRequest, template: str, district: District, lang: wording.Language,
            status: int = 200, **context: Any) -> HttpResponse:  # fmt: skip
    context.update(district=district, words=_words(lang, district), lang_obj=lang)
    return render(request, f"rights/{template}", context, status=status)


def _member(request: HttpRequest, district: District) -> identity.FamilyMember:
    member = identity.signed_in_family(request, district)
    if member is None:
        raise _SignInFirst(district)
    return member


class _SignInFirst(Exception):
    def __init__(self, district: District) -> None:
        self.district = district


def _needs_member(view: Any) -> Any:
    def wrapped(request: HttpRequest, district_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        district = public_district(district_slug)
        try:
            return view(request, district, _member(request, district), *args, **kwargs)
        except _SignInFirst:
            return HttpResponseRedirect(reverse("family-sign-in", args=[district.slug]))

    wrapped.__name__ = view.__name__
    return wrapped


def sign_in(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    lang = _lang(request)
    error = ""
    address = ""
    if request.method == "POST":
        address = str(request.POST.get("email", "")).strip()[:320]
        if not address:
            error = _words(lang, district)["error_email"]
        elif not codes.within_limit(
            request, "family_code_send", key=f"{district.pk}:{codes.normalize(address)}"
        ):
            # The same page as a send: the per-address limit says nothing about the address.
            request.session[PENDING_KEY] = {"district": district.pk, "email": address}
            return HttpResponseRedirect(reverse("family-code", args=[district.slug]))
        else:
            codes.request_code(district, address)
            request.session[PENDING_KEY] = {"district": district.pk, "email": address}
            return HttpResponseRedirect(reverse("family-code", args=[district.slug]))
    return _render(request, "sign_in.html", district, lang, status=400 if error else 200,
                   error=error, email=address)  # fmt: skip


def enter_code(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    lang = _lang(request)
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or pending.get("district") != district.pk:
        return HttpResponseRedirect(reverse("family-sign-in", args=[district.slug]))
    error = ""
    if request.method == "POST":
        if not codes.within_limit(request, "family_code_check"):
            return _render(request, "code.html", district, lang, status=429,
                           error=_words(lang, district)["too_many"])  # fmt: skip
        check = codes.check_code(
            district, str(pending.get("email", "")), str(request.POST.get("code", ""))[:20]
        )
        if check.person is not None:
            request.session.pop(PENDING_KEY, None)
            identity.sign_in(request, check.person)
            return HttpResponseRedirect(reverse("family-home", args=[district.slug]))
        error = _words(lang, district)["code_wrong"]
    return _render(request, "code.html", district, lang, status=400 if error else 200, error=error)


@require_POST
def sign_out(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    identity.sign_out(request)
    return HttpResponseRedirect(reverse("family-sign-in", args=[district.slug]))


@_needs_member
def home(request: HttpRequest, district: District, member: identity.FamilyMember) -> HttpResponse:
    lang = _lang(request, member)
    family = identity.family_of(member)
    if member.is_student:
        return HttpResponseRedirect(reverse("family-child", args=[district.slug, member.person.pk]))
    record_read(district, "family.page_viewed", actor=codes.ACTOR, details={"member": member.person.pk})
    words = _words(lang, district)
    rows = [(c, lang.label("portal_see", student=c.student.first_name),
             lang.label("portal_eligible_refused", student=c.student.first_name, age=str(identity.eligible_age(district))))
            for c in family]  # fmt: skip
    return _render(request, "home.html", district, lang, member=member, rows=rows, heading=words["children"])


def _access(member: identity.FamilyMember, student_id: str) -> identity.ChildAccess:
    access = identity.child_for(member, parse_id(student_id))
    if access is None:
        raise Http404("Not found.")
    return access


@_needs_member
def child(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str
) -> HttpResponse:
    lang = _lang(request, member)
    access = _access(member, student_id)
    name = access.student.first_name
    if not access.may_act:
        text = lang.label("portal_eligible_refused", student=name, age=str(identity.eligible_age(district)))
        return _render(request, "refused.html", district, lang, status=403, member=member, text=text)
    page = selectors.child_page(district, access.student)
    for row in page.resources:
        row.names = [lang.elements.get(e.code, e.name) for e in row.elements]
    sent = [
        (n.title, lang.date(to_local(n.sent_at, district).date()) if n.sent_at else "") for n in page.notices
    ]
    # No subject: an event's subject label would carry the student's name; the ids say who.
    record_read(district, "family.child_viewed", actor=codes.ACTOR,
                details={"member": member.person.pk, "student": access.student.pk,
                         "resources": [r.resource.pk for r in page.resources]})  # fmt: skip
    return _render(
        request, "child.html", district, lang, member=member, page=page, name=name,
        resources_heading=lang.label("portal_resources", student=name),
        no_resources=lang.label("portal_no_resources", student=name),
        notices_heading=lang.label("portal_notices", student=name),
        directory_text=lang.label("portal_directory_out" if page.opted_out else "portal_directory_in", student=name),
        saved=request.GET.get("saved") == "1", sent=sent, **directory_portal.context(district, access.student, lang),
    )  # fmt: skip


@require_POST
@_needs_member
def permission(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str
) -> HttpResponse:
    access = _access(member, student_id)
    notice_id = parse_id(str(request.POST.get("notice", "")))
    notice = (
        Notice.objects.select_related("resource").filter(district=district, pk=notice_id).first()
        if notice_id is not None
        else None
    )
    if notice is None:
        raise Http404("Not found.")
    try:
        portal.change_permission(member, access.student, notice, decision=str(request.POST.get("decision", "")),
                                 client_ip=client_address(request), user_agent=user_agent(request))  # fmt: skip
    except ValidationError:
        return HttpResponse("That answer cannot be recorded.", status=400, content_type="text/plain")
    return HttpResponseRedirect(reverse("family-child", args=[district.slug, access.student.pk]) + "?saved=1")


@require_POST
@_needs_member
def directory(
    request: HttpRequest, district: District, member: identity.FamilyMember, student_id: str
) -> HttpResponse:
    access = _access(member, student_id)
    choice = str(request.POST.get("opted_out", ""))
    if choice not in ("yes", "no"):
        return HttpResponse("Choose to opt out or not.", status=400, content_type="text/plain")
    try:
        portal.set_directory_opt_out(member, access.student, opted_out=choice == "yes")
    except ValidationError:
        return HttpResponse("Nothing to change.", status=400, content_type="text/plain")
    return HttpResponseRedirect(reverse("family-child", args=[district.slug, access.student.pk]) + "?saved=1")
