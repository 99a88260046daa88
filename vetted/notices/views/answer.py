"""A family's answer page and its withdrawal page, reached by signed links (no account).

GET never uses a link (mail scanners open links); only the form's POST does, once. Refusals are plain
pages in the family's language: a link that is not ours or not for this district (404), expired or
already used (410), a form changed to answer for another family's child (400). The page shows the
notice's exact text in the recipient's language, its children filled in and the link left out.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from vetted.districts.access import public_district
from vetted.districts.models import District
from vetted.rosters.models import Person

from .. import consent, links, wording
from ..consent import WithdrawState
from ..links import LinkState
from ..models import Decision, Recipient, Relationship
from ..services import consent as services

RELATIONSHIP_LABELS = {
    Relationship.PARENT: "relationship_parent", Relationship.GUARDIAN: "relationship_guardian",
    Relationship.OTHER: "relationship_other", Relationship.SELF: "relationship_self",
}  # fmt: skip
PAGE_WORDS = (
    "skip", "notice_heading", "answer_heading", "consent_intro", "your_name", "name_help", "relationship",
    "submit", "fix_problems", "thanks", "your_answers", "change_later", "withdraw_heading", "withdraw",
    "link_problem", "nothing_to_withdraw",
)  # fmt: skip


class AnswerForm(forms.Form):
    """Typed name, relationship, and yes or no for each of this recipient's students; every label
    and error in the family's language. A field for any other student is a changed form."""

    def __init__(self, *args: Any, students: list[Person], lang: wording.Language, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.students, self.lang, self.tampered = students, lang, False
        self.fields["typed_name"] = forms.CharField(
            label=lang.label("your_name"), max_length=200, help_text=lang.label("name_help"),
            error_messages={"required": lang.label("error_name"), "max_length": lang.label("error_name")},
        )  # fmt: skip
        self.fields["relationship"] = forms.ChoiceField(
            label=lang.label("relationship"), widget=forms.RadioSelect,
            choices=[(value, lang.label(key)) for value, key in RELATIONSHIP_LABELS.items()],
            error_messages={"required": lang.label("error_relationship"),
                            "invalid_choice": lang.label("error_relationship")},
        )  # fmt: skip
        for s in students:
            message = lang.label("error_answer", student=s.first_name)
            self.fields[f"answer_{s.pk}"] = forms.ChoiceField(
                label=lang.label("answer_for", student=s.first_name), widget=forms.RadioSelect,
                choices=[(Decision.CONSENT.value, lang.label("consent")), (Decision.DECLINE.value, lang.label("decline"))],
                error_messages={"required": message, "invalid_choice": message},
            )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        expected = {f"answer_{s.pk}" for s in self.students}
        if any(key.startswith("answer_") and key not in expected for key in self.data):
            self.tampered = True
            raise forms.ValidationError(self.lang.label("error_tampered"))
        return cleaned

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{s.pk}"] for s in self.students]

    def decisions(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data[f"answer_{s.pk}"] for s in self.students}


def _words(lang: wording.Language, district: District, **extra: str) -> dict[str, str]:
    contact = district.public_contact_email or district.public_contact_name or district.name
    words = {key: lang.label(key) for key in PAGE_WORDS}
    words["contact"] = lang.label("contact", contact=contact)
    # The page's own words are English for a language Vetted does not ship (a district's own template
    # language): say so in <html lang>; the notice's text carries its own lang.
    words["lang"] = lang.code if lang.code in wording.shipped_languages() else wording.DEFAULT_LANGUAGE
    words.update(extra)
    return words


def _refusal(
    request: HttpRequest, district: District, lang: wording.Language | None, key: str, status: int
) -> HttpResponse:
    """A plain page saying why the link cannot be used: in the family's language when the link
    names its recipient, otherwise in every language that ships."""
    langs = [lang] if lang is not None else list(wording.shipped_languages().values())
    messages = [(item.code, item.label("link_problem"), item.label(key)) for item in langs]
    main = langs[0] if lang is not None else wording.language(wording.DEFAULT_LANGUAGE)
    context = {
        "district": district,
        "lang": main,
        "messages_by_language": messages,
        "words": _words(main, district),
    }
    return render(request, "notices/answer/refused.html", context, status=status)


LINK_REFUSALS = {
    LinkState.INVALID: ("link_invalid", 404),
    LinkState.EXPIRED: ("link_expired", 410),
    LinkState.USED: ("link_used", 410),
}


def answer(request: HttpRequest, district_slug: str, token: str) -> HttpResponse:
    district = public_district(district_slug)
    state, recipient = links.read_token(district_slug, token)
    lang = wording.language(recipient.language) if recipient is not None else None
    if state is not LinkState.OK or recipient is None:
        key, status = LINK_REFUSALS.get(state, LINK_REFUSALS[LinkState.INVALID])
        return _refusal(request, district, lang, key, status)
    assert lang is not None
    notice = recipient.notice
    if not services.asks_for_answer(notice):
        return _refusal(request, district, lang, "not_a_request", 404)
    students = services.recipient_students(recipient)
    form = AnswerForm(request.POST if request.method == "POST" else None, students=students, lang=lang)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_answer(
                recipient, decisions=form.decisions(), typed_name=form.cleaned_data["typed_name"],
                relationship=form.cleaned_data["relationship"], client_ip=consent.client_address(request),
                user_agent=consent.user_agent(request),
            )  # fmt: skip
        except services.LinkAlreadyUsed:
            return _refusal(request, district, lang, "link_used", 410)
        return _thanks(request, district, recipient, lang, students, result)
    status = 400 if form.errors else 200
    return render(
        request, "notices/answer/form.html", _page(district, recipient, lang, students, form), status=status
    )


def _page(
    district: District, recipient: Recipient, lang: wording.Language, students: list[Person], form: AnswerForm
) -> dict[str, Any]:
    notice = recipient.notice
    text = services.text_for(notice, recipient.language)
    per = {"students": lang.join([s.first_name for s in students]), "link": ""}
    resource = notice.resource.name if notice.resource is not None else notice.title
    return {
        "district": district, "lang": lang, "form": form, "notice": notice,
        "subject": wording.render(wording.compile_text(text.subject), per) if text else notice.title,
        "body": wording.render(wording.compile_text(text.body), per) if text else "",
        "text_language": text.language if text else recipient.language,
        "words": _words(lang, district, heading=lang.label("consent_heading", resource=resource)),
    }  # fmt: skip


def _thanks(
    request: HttpRequest, district: District, recipient: Recipient, lang: wording.Language,
    students: list[Person], result: services.Answer,
) -> HttpResponse:  # fmt: skip
    names = {s.pk: s.first_name for s in students}
    answers = [
        (names.get(c.student_id, ""), lang.label("consent" if c.decision == Decision.CONSENT else "decline"))
        for c in result.consents
    ]
    extra = (
        {"receipt": lang.label("receipt_sent", email=result.receipt_sent_to)}
        if result.receipt_sent_to
        else {}
    )
    context = {
        "district": district,
        "lang": lang,
        "answers": answers,
        "words": _words(lang, district, **extra),
    }
    return render(request, "notices/answer/thanks.html", context)


WITHDRAW_REFUSALS = {
    WithdrawState.INVALID: ("link_invalid", 404),
    WithdrawState.EXPIRED: ("link_expired", 410),
    WithdrawState.USED: ("withdraw_used", 410),
}


def withdraw(request: HttpRequest, district_slug: str, token: str) -> HttpResponse:
    """The receipt's link: confirm, then the permission is taken back for the receipt's students."""
    district = public_district(district_slug)
    state, receipt = consent.read_withdraw_token(district_slug, token)
    lang = wording.language(receipt.recipient.language) if receipt is not None else None
    if state is not WithdrawState.OK or receipt is None:
        key, status = WITHDRAW_REFUSALS.get(state, WITHDRAW_REFUSALS[WithdrawState.INVALID])
        return _refusal(request, district, lang, key, status)
    assert lang is not None
    notice = receipt.recipient.notice
    resource = notice.resource.name if notice.resource is not None else notice.title
    if request.method == "POST":
        try:
            rows = services.withdraw(
                receipt, client_ip=consent.client_address(request), user_agent=consent.user_agent(request)
            )
        except services.LinkAlreadyUsed:
            return _refusal(request, district, lang, "withdraw_used", 410)
        except services.NothingToWithdraw:
            rows = []
        names = lang.join([r.student.first_name for r in rows])
        done = lang.label("withdrawn", resource=resource, student=names) if rows else ""
        context = {"district": district, "lang": lang, "done": done, "students": [],
                   "words": _words(lang, district)}  # fmt: skip
        return render(request, "notices/answer/withdraw.html", context)
    students = services.withdrawable(receipt)
    intro = lang.label(
        "withdraw_intro", resource=resource, student=lang.join([s.first_name for s in students])
    )
    context = {"district": district, "lang": lang, "students": students, "done": "",
               "words": _words(lang, district, intro=intro)}  # fmt: skip
    return render(request, "notices/answer/withdraw.html", context)
