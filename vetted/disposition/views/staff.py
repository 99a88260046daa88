"""Staff pages under /manage/<district>/disposition/: the list (missing certificates first, days left
in the district's zone), one obligation with its links and certificates, and one POST per action.
Views authorize through can(), parse a form, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from vetted.districts.access import get_for_user, member_district
from vetted.districts.permissions import can
from vetted.kit.forms import add_service_errors
from vetted.kit.ids import parse_id

from .. import selectors
from ..forms import AcceptForm, PaperForm, SendLinkForm
from ..models import DispositionLink, DispositionObligation, DispositionStatus
from ..services import certificates, links


def _ob(request: HttpRequest, district_slug: str, pk: int, action: str) -> DispositionObligation:
    return get_for_user(request.user, DispositionObligation, district_slug, pk, action)


@login_required
def disposition_list(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = member_district(request.user, district_slug, "agreement.view")
    agreement = parse_id(request.GET.get("agreement", ""))
    status = request.GET.get("status", "")
    status = status if status in DispositionStatus.values else ""
    page = Paginator(selectors.for_district(district, agreement=agreement, status=status), 50).get_page(
        request.GET.get("page")
    )
    now = timezone.now()
    rows = [(ob, selectors.time_left(ob.due_at, now, district.tz) if ob.waiting else "") for ob in page]
    return render(request, "disposition/list.html",
                  {"district": district, "page": page, "rows": rows, "status": status,
                   "statuses": DispositionStatus.choices, "agreement": agreement})  # fmt: skip


def _detail(request: HttpRequest, ob: DispositionObligation, status: int = 200, **forms: Any) -> HttpResponse:
    district = ob.district
    now = timezone.now()
    return render(
        request, "disposition/detail.html",
        {"district": district, "ob": ob, "agreement": ob.agreement,
         "can_edit": can(request.user, "agreement.edit", district),
         "time_left": selectors.time_left(ob.due_at, now, district.tz) if ob.waiting else "",
         "links": ob.links.all()[:50], "certificates": ob.certificates.select_related("document"),
         "send_form": forms.get("send_form") or SendLinkForm(initial={"to": ob.contact_email}),
         "paper_form": forms.get("paper_form") or PaperForm(), "accept_form": forms.get("accept_form") or AcceptForm(),
         "now": now},
        status=status,
    )  # fmt: skip


@login_required
def disposition_detail(request: HttpRequest, district_slug: str, ob_id: int) -> HttpResponse:
    return _detail(request, _ob(request, district_slug, ob_id, "agreement.view"))


@login_required
@require_POST
def send_link(request: HttpRequest, district_slug: str, ob_id: int) -> HttpResponse:
    ob = _ob(request, district_slug, ob_id, "agreement.edit")
    form = SendLinkForm(request.POST)
    if form.is_valid():
        try:
            link = links.send_link(ob, actor=request.user, to=form.cleaned_data["to"])
            messages.success(
                request, f"A new link was e-mailed to {link.sent_to}; any earlier link no longer works."
            )
            return redirect("staff-disposition", ob.district.slug, ob.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail(request, ob, 400, send_form=form)


@login_required
@require_POST
def revoke_link(request: HttpRequest, district_slug: str, ob_id: int, link_id: str) -> HttpResponse:
    ob = _ob(request, district_slug, ob_id, "agreement.edit")
    pk = parse_id(link_id)
    link = DispositionLink.objects.filter(obligation=ob, district=ob.district, pk=pk).first() if pk else None
    if link is None:
        raise Http404("No such link.")
    links.revoke_link(link, actor=request.user)
    messages.success(request, "That link no longer works.")
    return redirect("staff-disposition", ob.district.slug, ob.pk)


@login_required
@require_POST
def record_paper(request: HttpRequest, district_slug: str, ob_id: int) -> HttpResponse:
    ob = _ob(request, district_slug, ob_id, "agreement.edit")
    form = PaperForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            certificates.record_paper(ob, d["file"], actor=request.user, disposed_on=d["disposed_on"],
                                      signer_name=d["signer_name"], note=d["note"])  # fmt: skip
            messages.success(request, "The certificate is kept with the agreement.")
            return redirect("staff-disposition", ob.district.slug, ob.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail(request, ob, 400, paper_form=form)


@login_required
@require_POST
def accept(request: HttpRequest, district_slug: str, ob_id: int) -> HttpResponse:
    ob = _ob(request, district_slug, ob_id, "agreement.edit")
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            certificates.accept(ob, actor=request.user, note=form.cleaned_data["note"])
            messages.success(request, "Certificate accepted: the disposition is complete.")
            return redirect("staff-disposition", ob.district.slug, ob.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
    return _detail(request, ob, 400, accept_form=form)
