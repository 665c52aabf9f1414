"""A new page is created once per add form, however often the browser posts that form.

Wagtail's autosave posts the add form as JSON; the first such post creates the page, and only
when its answer arrives does the script point the form at the edit address. A publish click
in that moment (or while the autosave is still on its way) posts the add form once more, for a
page that now exists: Wagtail then refused the taken slug, or, when both posts ran at once,
`add_child` raised it as a 500. Each add form therefore carries a token; the post that creates
the page records it (`cms.models.PageCreation`), and a later post of the same form is handed to
the edit view of that page, which saves or publishes it as the editor asked.

Registered through Wagtail's page viewset (`register_admin_viewset`), its public extension
point for the page views; `tests/cms/test_page_creation.py` proves every page type uses it.
"""

import datetime
import re
import threading
import uuid

from django import forms
from django.db import transaction
from django.forms.formsets import DELETION_FIELD_NAME, INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from cms.models import PageCreation

TOKEN_FIELD = "page_creation_token"  # the field of `add_form`

# A record is needed only until the browser has switched the form to the edit address.
KEEP_RECORDS = datetime.timedelta(days=1)


def add_form(form_class):
    """The page's admin form with a hidden token, new for each add form the editor opens.

    Wagtail renders form fields no panel claims as they are, so the hidden input lands in the
    form and both autosave and the submit buttons send it. Wagtail builds the form class anew
    for each request, and so does this: a cache keyed by it would keep one per request.
    """

    class AddForm(form_class):
        page_creation_token = forms.UUIDField(
            required=False, widget=forms.HiddenInput, initial=uuid.uuid4
        )

        def clean_slug(self):
            # Wagtail checks this too, in English; the admin speaks German.
            slug = (
                super().clean_slug()
                if hasattr(super(), "clean_slug")
                else self.cleaned_data["slug"]
            )
            if slug and self.parent_page.get_children().filter(slug=slug).exists():
                raise forms.ValidationError(
                    _(
                        "Der Kurztitel „%(slug)s“ wird unter dieser Seite schon verwendet. "
                        "Bitte einen anderen wählen."
                    ),
                    params={"slug": slug},
                )
            return slug

    AddForm.__name__ = AddForm.__qualname__ = form_class.__name__
    return AddForm


def posted_token(request):
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def as_posted_to_edit(data, page, user):
    """The add form's post as the edit form of the page it created would send it.

    The add form knows nothing of the rows its autosave stored for the inline panels (the
    agenda items, say) and posts every item as new. On the edit form those rows are initial
    forms; marking them deleted and numbering the posted items after them leaves exactly the
    items the editor sees, instead of hers appended to the autosaved copies.
    """
    data = data.copy()
    form = page.get_edit_handler().get_form_class()(instance=page, for_user=user)
    for formset in form.formsets.values():
        prefix = formset.prefix
        stored = [child.pk for child in formset.get_queryset() if child.pk]
        if not stored:
            continue
        posted = re.compile(rf"{re.escape(prefix)}-(\d+)-(.+)")
        moved = {}
        for key in [key for key in data if posted.fullmatch(key)]:
            index, field = posted.fullmatch(key).groups()
            moved[f"{prefix}-{int(index) + len(stored)}-{field}"] = data.pop(key)
        pk_name = formset.model._meta.pk.name
        for index, pk in enumerate(stored):
            moved[f"{prefix}-{index}-{pk_name}"] = [str(pk)]
            moved[f"{prefix}-{index}-{DELETION_FIELD_NAME}"] = ["1"]
        for key, values in moved.items():
            data.setlist(key, values)
        for count in (INITIAL_FORM_COUNT, TOTAL_FORM_COUNT):
            key = f"{prefix}-{count}"
            data[key] = str(int(data.get(key) or 0) + len(stored))
    return data


def edit_page(request, page_id):
    """Wagtail's edit view (whichever the page type's viewset names) on the add form's post."""
    page = Page.objects.get(pk=page_id).specific.get_latest_revision_as_object()
    request.POST = as_posted_to_edit(request.POST, page, request.user)
    match = resolve(reverse("wagtailadmin_pages:edit", args=[page_id]))
    return match.func(request, *match.args, **match.kwargs)


class CreatePageOnceView(CreateView):
    # Requests of one process may share one database connection (the test server on an
    # in-memory SQLite), where no database lock can keep them apart.
    creating = threading.Lock()

    def dispatch(self, request, *args, **kwargs):
        token = posted_token(request)
        if token is None:
            return super().dispatch(request, *args, **kwargs)
        submitted = PageCreation.objects.filter(token=token, submitted=True)
        if self.expects_json_response and submitted.exists():
            return self.stale_autosave()  # without waiting for the locks below
        with self.creating, transaction.atomic():
            # Posts that add below one parent queue here (PostgreSQL locks the parent's row,
            # SQLite's immediate transactions queue every writer), so the second post of a form
            # sees the page the first one created, and a slug taken meanwhile is a form error
            # instead of a failure in `add_child`.
            Page.objects.select_for_update().filter(pk=kwargs["parent_page_id"]).first()
            creation = PageCreation.objects.filter(token=token).first()
            if creation is None:
                response = super().dispatch(request, *args, **kwargs)
                creation = self.record_creation(token)
            elif creation.submitted and self.expects_json_response:
                return self.stale_autosave()
            else:
                response = edit_page(request, creation.page_id)
            if creation and not self.expects_json_response and response.status_code == 302:
                creation.submitted = True
                creation.save(update_fields=["submitted"])
            return response

    def stale_autosave(self):
        # Sent by the form's timer while the browser left the form for the publish.
        return self.json_error_response(
            "invalid_revision", _("Das Formular wurde schon abgeschickt.")
        )

    def record_creation(self, token):
        page = getattr(self, "page", None)
        if page is None or page.pk is None:
            return None
        PageCreation.objects.filter(created_at__lt=timezone.now() - KEEP_RECORDS).delete()
        return PageCreation.objects.create(token=token, page=page)

    def get(self, request):
        self.form_class = add_form(self.form_class)
        return super().get(request)

    def post(self, request):
        self.form_class = add_form(self.form_class)
        return super().post(request)


class CreateOnceViewSet(PageViewSet):
    """Wagtail's page views for every page type, with the add view above."""

    add_view_class = CreatePageOnceView
