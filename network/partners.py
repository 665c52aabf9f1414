"""Partner profiles: the public face of an admitted member, created and retired with its status."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from network.models import PartnerIndexPage, PartnerPage

PROFILE_UNPUBLISHED_LOG_ACTION = "network.partner_profile.unpublished"


class ProfileRefused(ValidationError):
    """A profile that may not be created; the message says why."""


def existing_profile(member):
    return PartnerPage.objects.filter(member=member).first()


def create_partner_profile(member, *, user=None):
    """Create and publish the profile of an admitted member; return the existing one if any."""
    profile = existing_profile(member)
    if profile is not None:
        return profile
    if not member.is_admitted:
        raise ProfileRefused(
            _("„%(name)s“ ist nicht aufgenommen und erhält daher kein öffentliches Profil.")
            % {"name": member.name}
        )
    index = PartnerIndexPage.objects.first()
    if index is None:
        raise ProfileRefused(
            _(
                "Es gibt keine Übersichtsseite „Bündnispartner“, unter der das Profil entstehen kann."
            )
        )
    with transaction.atomic():
        # The slug comes from the name, the German way, made unique among the profiles.
        profile = PartnerPage(title=member.name, member=member)
        index.add_child(instance=profile)
        profile.save_revision(user=user, log_action=True).publish(
            user=user, skip_permission_checks=True
        )
    return profile


def unpublish_partner_profile(member, *, user=None):
    """Take an ended member's profile offline, never delete it; the audit log says why.

    Returns the profile, or None if the member has none.
    """
    profile = existing_profile(member)
    if profile is None:
        return None
    if profile.live:
        # The plenary's decision ends the membership; whoever records it need not be a page editor.
        UnpublishPageAction(profile, user=user, log_action=PROFILE_UNPUBLISHED_LOG_ACTION).execute(
            skip_permission_checks=True
        )
        log(instance=member, action=PROFILE_UNPUBLISHED_LOG_ACTION, user=user)
    return profile
