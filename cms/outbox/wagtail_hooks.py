"""The outbox in the admin: every message with its state, filterable, failed ones retried."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from cms.outbox.delivery import retry
from cms.outbox.models import MessageState, OutgoingMessage
from cms.outbox.personal_data import personal_data_sources, retention_rules
from cms.permissions import RecordPolicy
from cms.personal_data import SOURCES_HOOK
from cms.retention import RULES_HOOK

policy = RecordPolicy(OutgoingMessage)
register_permission_policy(OutgoingMessage, policy)


def about_choices():
    rows = (
        OutgoingMessage.objects.exclude(about_id=None)
        .values_list("about_type_id", "about_id", "about_label")
        .order_by("about_label")
        .distinct()
    )
    return [(f"{type_id}-{about_id}", label) for type_id, about_id, label in rows]


class OutboxFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("Stand"), choices=MessageState.choices)
    about = django_filters.ChoiceFilter(
        label=_("betrifft"), choices=about_choices, method="filter_about"
    )
    recipient = django_filters.CharFilter(
        label=_("Empfänger"), method="filter_recipient", help_text=_("Name oder E-Mail")
    )

    class Meta:
        model = OutgoingMessage
        fields = []

    def filter_about(self, queryset, name, value):
        type_id, about_id = value.split("-")
        return queryset.filter(about_type_id=type_id, about_id=about_id)

    def filter_recipient(self, queryset, name, value):
        return queryset.filter(recipient_email__icontains=value) | queryset.filter(
            recipient_name__icontains=value
        )


class MessageInspectView(InspectView):
    template_name = "outbox/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_retry"] = (
            self.object.state == MessageState.FAILED
            and policy.user_has_permission(self.request.user, "view")
        )
        return context


@require_POST
def retry_view(request, pk):
    message = get_object_or_404(OutgoingMessage, pk=pk)
    if not policy.user_has_permission(request.user, "view"):
        raise PermissionDenied
    if retry(message):
        messages.success(request, _("Die Nachricht wird erneut versendet."))
    else:
        messages.error(request, _("Nur fehlgeschlagene Nachrichten können erneut versucht werden."))
    return redirect("outbox:inspect", message.pk)


class OutboxViewSet(ModelViewSet):
    model = OutgoingMessage
    icon = "mail"
    menu_label = _("Postausgang")
    add_to_settings_menu = True
    list_display = ["subject", "recipient_email", "about_label", "state", "attempts", "created_at"]
    filterset_class = OutboxFilterSet
    search_fields = ["subject", "recipient_email", "recipient_name", "about_label"]
    inspect_view_enabled = True
    inspect_view_class = MessageInspectView
    inspect_view_fields = [
        "kind",
        "recipient_name",
        "recipient_email",
        "about_label",
        "subject",
        "body_text",
        "state",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "generation",
    ]
    copy_view_enabled = False
    form_fields = []

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("retry/<int:pk>/", retry_view, name="retry")]


outbox_viewset = OutboxViewSet("outbox")


@hooks.register("register_admin_viewset")
def register_outbox():
    return outbox_viewset


hooks.register(SOURCES_HOOK, personal_data_sources)
hooks.register(RULES_HOOK, retention_rules)
