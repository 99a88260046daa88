"""The public registry of vetted resources: no sign-in, only public fields."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from vetted.agreements.selectors import agreement_url_for_resource
from vetted.catalog import selectors, suggest
from vetted.catalog.models import DecisionStatus
from vetted.districts.access import public_district
from vetted.kit.csv_export import csv_response

from .. import glossary, registry_html

PAGE_SIZE = 25
GRADES = [("PK", "PK"), ("K", "K")] + [(str(g), str(g)) for g in range(1, 13)]


def registry(request: HttpRequest, district_slug: str) -> HttpResponse:
    district = public_district(district_slug)
    filters, errors = selectors.RegistryFilters.from_params(request.GET.dict())
    page_param = request.GET.get("page")
    tax = selectors.taxonomy()  # read once: the page's elements and the option lists
    rows = selectors.registry_page(
        district, filters, page_size=PAGE_SIZE, first_page=page_param in (None, "", "1"), tax=tax
    )
    page: Page[dict[str, Any]] = Paginator(rows, PAGE_SIZE).get_page(page_param)  # type: ignore[arg-type]
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
        "statuses_options": registry_html.options(DecisionStatus.choices, filters.status),
        "subjects_options": registry_html.options(tax.subject_choices, filters.subject),
        "elements_options": registry_html.options(tax.element_choices, filters.element),
        "grades_options": registry_html.options(GRADES, request.GET.get("grade", "")),
        "rows_html": registry_html.rows(list(page.object_list), reverse("registry", args=[district.slug])),
    }
    template = (
        "site/registry/_registry_results.html"
        if request.headers.get("HX-Request")
        else "site/registry/registry.html"
    )
    return render(request, template, context)


def registry_detail(request: HttpRequest, district_slug: str, resource_id: int) -> HttpResponse:
    district = public_district(district_slug)
    decision = selectors.public_entry(district, resource_id)
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
            "status_term": glossary.status_term(decision["status"]),
            "terms": {k: glossary.term(k) for k in ("turned_off", "not_recorded")},
        },
    )


CSV_HEADER = [
    "resource", "vendor", "status", "grades", "subjects", "data collected", "parental permission needed",
    "student accounts", "mobile app", "conditions", "reason", "decided on", "link", "privacy policy",
]  # fmt: skip


def _data_cell(row: dict[str, Any]) -> str:
    """The CSV's "data collected": the list (turned-off ones said so), "none", or "not yet recorded"."""
    if row["elements"]:
        return "; ".join(
            f"{e['name']} (turned off by the district)" if e["off"] else e["name"] for e in row["elements"]
        )
    return "none" if row["recorded"] else "not yet recorded"


def registry_csv(request: HttpRequest, district_slug: str) -> StreamingHttpResponse:
    district = public_district(district_slug)
    filters, _ = selectors.RegistryFilters.from_params(request.GET.dict())
    tz = district.tz
    rows = (
        [
            d["name"], d["vendor"], d["status_label"], d["grades"],
            "; ".join(s["name"] for s in d["subjects"]),
            _data_cell(d),
            "yes" if d["needs_parental_permission"] else "no",
            "yes" if d["student_accounts_required"] else "no", "yes" if d["mobile_app"] else "no",
            d["conditions"], d["reason"], d["decided_at"].astimezone(tz).date().isoformat() if d["decided_at"] else "",
            d["url"], d["privacy_policy_url"],
        ]
        for d in selectors.registry_rows_all(district, filters)
    )  # fmt: skip
    return csv_response(f"{district.slug}-vetted-resources.csv", CSV_HEADER, rows)
