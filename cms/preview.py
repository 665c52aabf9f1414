"""Headless preview: editors see a page's latest draft on a consumer site via a short-lived token.

The admin signs (page, revision) into a token and sends the editor to HEADLESS_PREVIEW_URL;
the consumer exchanges the token at /api/v3/preview/. Without a valid token drafts stay invisible.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router, Schema
from ninja.errors import HttpError
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page

SALT = "cms.preview"
preview_router = Router(tags=["preview"])


def max_age():
    return getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 600)


def make_token(page) -> str:
    return signing.dumps({"page": page.pk, "revision": page.latest_revision_id}, salt=SALT)


def read_token(token: str) -> dict:
    try:
        return signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired as error:
        raise HttpError(401, _("Der Vorschau-Link ist abgelaufen.")) from error
    except signing.BadSignature as error:
        raise HttpError(401, _("Der Vorschau-Link ist ungültig.")) from error


# Apps offer their page types for the headless preview:
# `@hooks.register(SERIALIZERS_HOOK) def f(): return {PageModel: serialize(page, request)}`.
SERIALIZERS_HOOK = "register_headless_preview_serializers"


def serializers():
    return {
        model: out for offer in hooks.get_hooks(SERIALIZERS_HOOK) for model, out in offer().items()
    }


class PreviewOut(Schema):
    id: int
    type: str
    title: str
    revision_id: int | None
    data: dict


@preview_router.get("/", response=PreviewOut, summary="Entwurf für die Vorschau (Token)")
def preview(request, response: HttpResponse, token: str):
    claims = read_token(token)
    page = get_object_or_404(Page, pk=claims["page"]).specific
    revision = page.revisions.filter(pk=claims["revision"]).first()
    draft = revision.as_object() if revision else page
    serialize = serializers().get(type(draft))
    response["Cache-Control"] = "private, no-store"
    return {
        "id": page.pk,
        "type": f"{page._meta.app_label}.{type(page).__name__}",
        "title": draft.title,
        "revision_id": revision.pk if revision else None,
        "data": serialize(draft, request) if serialize else {},
    }


def start_preview(request, page_id):
    """Admin view: only someone who may edit the page gets a token for its draft."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    query = urlencode(
        {
            "token": make_token(page),
            "content_type": f"{page._meta.app_label}.{page._meta.model_name}",
        }
    )
    return redirect(f"{settings.HEADLESS_PREVIEW_URL}?{query}")


def preview_urls():
    return [path("headless-preview/<int:page_id>/", start_preview, name="headless_preview")]


def preview_button(page, user, view_name, next_url=None):
    if settings.HEADLESS_PREVIEW_URL and type(page.specific_deferred) in serializers():
        yield Button(
            gettext_lazy("Vorschau auf der Partner-Website"),
            url=reverse("headless_preview", args=[page.pk]),
            icon_name="view",
            priority=90,
        )
