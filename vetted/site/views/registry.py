"""The public registry of vetted resources: no sign-in, only public fields."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from vetted.agreements.selectors import agreement_url_for_resource
from vetted.catalog import selectors, suggest
from vetted.catalog.models import DecisionStatus, ResourceDecision
from vetted.districts.access import public_district
from vetted.kit.csv_export import csv_response

from .. import glossary

PAGE_SIZE = 25


def registry(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    filters, errors = selectors.RegistryFilters.from_params(request.GET.dict())
    paginator = Paginator(selectors.for_listing(selectors.registry(district, filters)), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    suggestion = suggest.suggest(district, filters) if page.paginator.count == 0 and not errors else None
    suggestion_query = ""
    if suggestion:
        corrected = query.copy()
        corrected["q"] = suggestion
        suggestion_query = corrected.urlencode()
    context = {
        "district": district,
        "filters": filters,
        "errors": errors,
        "page": page,
        "query": query.urlencode(),
        "suggestion": suggestion,
        "suggestion_query": suggestion_query,
        "statuses": DecisionStatus.choices,
        "subjects": selectors.subject_choices(),
        "elements": selectors.element_choices(),
        "grades": [("PK", "PK"), ("K", "K")] + [(str(g), str(g)) for g in range(1, 13)],
        "grade_value": request.GET.get("grade", ""),
    }
    template = (
        "site/registry/_registry_results.html"
        if request.headers.get("HX-Request")
        else "site/registry/registry.html"
    )
    return render(request, template, context)


def registry_detail(request: HttpRequest, district_slug: str, resource_id: int) -> HttpResponse:
    district = public_district(district_slug)
    decision = selectors.public_decision(district, resource_id)
    if decision is None:
        raise Http404("This district has not vetted that resource.")
    agreement_url = agreement_url_for_resource(district, resource_id)
    return render(
        request,
        "site/registry/registry_detail.html",
        {
            "district": district,
            "decision": decision,
            "agreement_url": agreement_url,
            "status_term": glossary.status_term(decision.status),
            "terms": {k: glossary.term(k) for k in ("turned_off", "not_recorded")},
        },
    )


CSV_HEADER = [
    "resource", "vendor", "status", "grades", "subjects", "data collected", "parental permission needed",
    "student accounts", "mobile app", "conditions", "reason", "decided on", "link", "privacy policy",
]  # fmt: skip


def _data_cell(decision: ResourceDecision) -> str:
    """The CSV's "data collected": the list (turned-off ones said so), "none", or "not yet recorded"."""
    elements = decision.elements_with_state()
    if elements:
        return "; ".join(f"{e.name} (turned off by the district)" if off else e.name for e, off in elements)
    return "none" if decision.resource.data_elements_recorded else "not yet recorded"


def registry_csv(request: HttpRequest, district_slug: str) -> StreamingHttpResponse:
    district = public_district(district_slug)
    filters, _ = selectors.RegistryFilters.from_params(request.GET.dict())
    decisions = selectors.with_elements(selectors.registry(district, filters))
    rows = (
        [
            d.resource.name, d.resource.vendor.legal_name, d.get_status_display(), d.grade_band,
            "; ".join(s.name for s in d.resource.subjects.all()),
            _data_cell(d),
            "yes" if d.needs_parental_permission else "no",
            "yes" if d.resource.student_accounts_required else "no", "yes" if d.resource.mobile_app else "no",
            d.conditions, d.reason, d.decided_at.astimezone(district.tz).date().isoformat() if d.decided_at else "",
            d.resource.url, d.resource.privacy_policy_url,
        ]
        for d in decisions.iterator(chunk_size=500)
    )  # fmt: skip
    return csv_response(f"{district.slug}-vetted-resources.csv", CSV_HEADER, rows)
