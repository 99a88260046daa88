"""Vetted's own data inventory, public: it describes the software's fields and this install's retention
periods, never a row of any district, and families and vendors are entitled to know what is kept."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .. import data_inventory


def inventory_page(request: HttpRequest) -> HttpResponse:
    context = {"rules": data_inventory.by_retention(), "categories": data_inventory.CATEGORIES}
    return render(request, "site/pages/data_inventory.html", context)


def inventory_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(data_inventory.document(), json_dumps_params={"indent": 2})
