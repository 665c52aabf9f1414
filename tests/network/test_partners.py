import pytest
from wagtail.models import PageLogEntry

from network.models import ContactPerson, PartnerPage
from network.partners import (
    PROFILE_UNPUBLISHED_LOG_ACTION,
    ProfileRefused,
    create_partner_profile,
    unpublish_partner_profile,
)
from network.workflow import MemberStatus, change_status

pytestmark = pytest.mark.django_db


def test_admitted_member_gets_one_published_profile(partner_index, make_member):
    member = make_member(MemberStatus.ADMITTED, municipality="Zwickau")
    profile = create_partner_profile(member)
    assert profile.live
    assert profile.get_parent().specific == partner_index
    assert profile.title == member.name
    assert create_partner_profile(member).pk == profile.pk
    assert PartnerPage.objects.filter(member=member).count() == 1


def test_profile_refused_for_a_member_not_admitted(partner_index, make_member):
    member = make_member(MemberStatus.RECOMMENDED)
    with pytest.raises(ProfileRefused, match="nicht aufgenommen"):
        create_partner_profile(member)
    assert not PartnerPage.objects.filter(member=member).exists()


def test_ending_membership_unpublishes_profile_and_logs_it(client, partner_index, make_member):
    member = make_member(MemberStatus.ADMITTED)
    profile = create_partner_profile(member)
    assert client.get(profile.url).status_code == 200
    change_status(member, MemberStatus.ENDED, resolution="P-2026-07", reason="Austritt")
    profile.refresh_from_db()
    assert not profile.live
    assert PartnerPage.objects.filter(pk=profile.pk).exists()
    assert PageLogEntry.objects.filter(page=profile, action=PROFILE_UNPUBLISHED_LOG_ACTION).exists()
    assert client.get(f"/buendnispartner/{profile.slug}/").status_code == 404
    # Idempotent: a second call neither fails nor logs again.
    unpublish_partner_profile(member)
    assert (
        PageLogEntry.objects.filter(page=profile, action=PROFILE_UNPUBLISHED_LOG_ACTION).count()
        == 1
    )


def test_profile_shows_only_consented_contacts(client, partner_index, make_member):
    member = make_member(MemberStatus.ADMITTED)
    ContactPerson.objects.create(
        member=member,
        name="Sichtbar Einverstanden",
        email="sichtbar@example.org",
        publish_consent=True,
        consent_date="2026-01-05",
    )
    ContactPerson.objects.create(
        member=member,
        name="GEHEIM-Kontakt",
        email="geheim-kontakt@example.org",
        phone="0375-GEHEIM",
    )
    member.internal_notes = "GEHEIM-Notiz"
    member.save()
    body = client.get(create_partner_profile(member).url).content.decode()
    assert "Sichtbar Einverstanden" in body
    for sentinel in ("GEHEIM-Kontakt", "geheim-kontakt@", "0375-GEHEIM", "GEHEIM-Notiz"):
        assert sentinel not in body
