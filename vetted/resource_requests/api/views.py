"""JSON API: /api/v1/districts/<slug>/resource-requests/. Same verbs, same refusals as the pages:
404 to outsiders and for requests one may not see, 403 for a role or person who may not act,
409 when the state does not allow it (e.g. already decided), 400 with field errors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from vetted.districts.access import get_for_user
from vetted.districts.api import DistrictScopedMixin
from vetted.districts.models import User
from vetted.districts.permissions import can

from .. import selectors, services
from ..models import ResourceRequest
from ..states import State, TransitionRefused
from .serializers import (
    AnswerInput,
    AssignInput,
    CommentInput,
    KnownSerializer,
    NoteInput,
    QuestionInput,
    RefuseTermsInput,
    ResourceRequestSerializer,
    VoteInput,
    WithdrawInput,
)  # fmt: skip


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request's state does not allow that."
    default_code = "conflict"


ERRORS = {
    400: OpenApiResponse(description="Field errors"),
    403: OpenApiResponse(description="Your role, or your relation to this request, does not allow it"),
    404: OpenApiResponse(description="No such request, or not visible to you"),
    409: OpenApiResponse(description="The request's state does not allow it (e.g. already decided)"),
}


def _action_schema(request_serializer: type[Serializer] | None) -> Any:
    return extend_schema(request=request_serializer, responses={200: ResourceRequestSerializer, **ERRORS})


@extend_schema(tags=["requests"])
class RequestViewSet(
    DistrictScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ResourceRequestSerializer
    queryset = ResourceRequest.objects.none()

    def get_queryset(self) -> QuerySet[ResourceRequest]:
        self.district = self.district_for("district.view")
        scope = self.request.query_params.get("scope", "mine")
        user = self.request.user
        if self.action != "list":
            return ResourceRequest.objects.filter(district=self.district).select_related(
                "district", "requester"
            )
        if scope == "queue":
            if not can(user, "resource_request.review", self.district):
                raise exceptions.PermissionDenied("Only the committee has a review queue.")
            qs = selectors.review_queue(user, self.district)
        elif scope == "all":
            if not can(user, "resource_request.view_all", self.district):
                raise exceptions.PermissionDenied("Only admins and auditors see every request.")
            state = self.request.query_params.get("state", "")
            qs = selectors.all_requests(self.district, state=state if state in State.values else "")
        else:
            qs = selectors.my_requests(user, self.district)
        return qs.select_related("district", "requester").prefetch_related(
            "assignments__reviewer", "comments__author"
        )

    def get_object(self) -> ResourceRequest:
        try:
            return get_for_user(self.request.user, ResourceRequest, self.district_for("district.view"),
                                self.kwargs.get("pk"), "resource_request.view")  # fmt: skip
        except Http404 as exc:
            raise exceptions.NotFound() from exc

    @extend_schema(parameters=[
        OpenApiParameter("scope", str, enum=["mine", "queue", "all"], description="Whose requests (default mine)"),
        OpenApiParameter("state", str, description="With scope=all: only this state"),
    ])  # fmt: skip
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={201: ResourceRequestSerializer, **ERRORS})
    def create(self, request: Request, district_slug: str) -> Response:
        district = self.district_for("resource_request.create")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        req = services.create_draft(district, actor=request.user, data=dict(serializer.validated_data))
        return Response(self.get_serializer(req).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ResourceRequestSerializer, **ERRORS})
    def partial_update(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        serializer = self.get_serializer(req, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._call(
            lambda: services.update_draft(req, actor=request.user, data=dict(serializer.validated_data))
        )

    def _call(self, fn: Any) -> Response:
        try:
            req = fn()
        except TransitionRefused as exc:
            raise Conflict(str(exc)) from exc
        except services.NotAllowed as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        req = ResourceRequest.objects.select_related("district", "requester").get(pk=req.pk)
        return Response(self.get_serializer(req).data)

    def _input(self, serializer_class: type[Serializer]) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @_action_schema(None)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        return self._call(lambda: services.submit(req, actor=request.user))

    @_action_schema(AssignInput)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        if not can(request.user, "resource_request.assign", req):
            raise exceptions.PermissionDenied("Only an admin assigns reviewers.")
        reviewer = User.objects.filter(pk=self._input(AssignInput)["reviewer"]).first()
        if reviewer is None:
            raise exceptions.ValidationError({"reviewer": ["No such user."]})
        return self._call(lambda: services.assign(req, reviewer, actor=request.user) and req)

    @_action_schema(CommentInput)
    @action(detail=True, methods=["post"])
    def comment(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        body = self._input(CommentInput)["body"]
        return self._call(lambda: services.comment(req, actor=request.user, body=body) and req)

    @_action_schema(QuestionInput)
    @action(detail=True, methods=["post"], url_path="request-info")
    def request_info(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        question = self._input(QuestionInput)["question"]
        return self._call(lambda: services.request_information(req, actor=request.user, question=question))

    @_action_schema(AnswerInput)
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        answer = self._input(AnswerInput)["answer"]
        return self._call(lambda: services.respond(req, actor=request.user, answer=answer))

    @_action_schema(NoteInput)
    @action(detail=True, methods=["post"], url_path="approve-terms")
    def approve_terms(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        note = self._input(NoteInput).get("note", "")
        return self._call(lambda: services.approve_terms(req, actor=request.user, note=note))

    @_action_schema(RefuseTermsInput)
    @action(detail=True, methods=["post"], url_path="refuse-terms")
    def refuse_terms(self, request: Request, district_slug: str, pk: str) -> Response:
        """The technology director refuses the terms: the request is decided not approved, with the reason."""
        req = self.get_object()
        data = self._input(RefuseTermsInput)
        return self._call(
            lambda: services.refuse_terms(
                req, actor=request.user, reason=data["reason"], public_reason=data.get("public_reason", "")
            )
        )

    @_action_schema(VoteInput)
    @action(detail=True, methods=["post"])
    def vote(self, request: Request, district_slug: str, pk: str) -> Response:
        """Record the caller's vote; once the quorum is reached the request is decided."""
        req = self.get_object()
        data = self._input(VoteInput)
        return self._call(
            lambda: services.vote(
                req,
                actor=request.user,
                outcome=data["outcome"],
                reason=data.get("reason", ""),
                public_reason=data.get("public_reason", ""),
                override_reason=data.get("override_reason", ""),
            )  # fmt: skip
        )

    @_action_schema(WithdrawInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, district_slug: str, pk: str) -> Response:
        req = self.get_object()
        reason = self._input(WithdrawInput).get("reason", "")
        return self._call(lambda: services.withdraw(req, actor=request.user, reason=reason))

    @extend_schema(
        parameters=[OpenApiParameter("name", str), OpenApiParameter("url", str)],
        responses={200: KnownSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def known(self, request: Request, district_slug: str) -> Response:
        """Catalogue resources matching a name or link, with this district's and partners' decisions."""
        district = self.district_for("resource_request.create")
        found = selectors.known_resources(
            district, request.query_params.get("name", "")[:200], request.query_params.get("url", "")[:500]
        )
        return Response(KnownSerializer(found, many=True).data)
