"""Consent to publish: recorded when given or withdrawn; withdrawing unpublishes at once."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms import personal_data
from network.consent import (
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
    consent_history,
    record_consent_changes,
)
from network.models import ContactPerson, Member, Person
from network.roles import EDITORS, OFFICE

NAME = "Fiktive Beirätin"


@pytest.fixture
def public_person(db):
    person = Person.objects.create(
        name=NAME, publish_consent=True, consent_date=datetime.date(2026, 1, 5)
    )
    record_consent_changes([person])
    return person


def oparl_person(client, person):
    return client.get(reverse("oparl:person", args=(person.pk,))).json()


@pytest.mark.django_db
def test_edits_record_when_consent_was_given_and_withdrawn(public_person, admin_client):
    public_person.publish_consent = False
    record_consent_changes([public_person], user=admin_client.user)
    record_consent_changes([public_person], user=admin_client.user)

    steps = list(consent_history(public_person).order_by("timestamp", "pk"))
    assert [s.action for s in steps] == [CONSENT_GIVEN, CONSENT_WITHDRAWN]
    assert steps[1].user == admin_client.user
    assert steps[1].data["basis"] == "admin"


@pytest.mark.django_db
def test_a_person_without_consent_gets_no_record(db):
    person = Person.objects.create(name="Ohne Einwilligung")

    record_consent_changes([person])

    assert not consent_history(person).exists()


@pytest.mark.django_db
def test_withdrawing_is_one_action_and_unpublishes_at_once(public_person, admin_client, client):
    assert oparl_person(client, public_person)["name"] == NAME
    url = reverse("network_withdraw_consent", args=("person", public_person.pk))

    response = admin_client.post(url, {"basis": "email"})

    assert response.status_code == 302
    public_person.refresh_from_db()
    assert not public_person.publish_consent
    entry = ModelLogEntry.objects.get(action=CONSENT_WITHDRAWN)
    assert (entry.user, entry.data["basis"]) == (admin_client.user, "email")
    stub = oparl_person(client, public_person)
    assert stub["deleted"] is True and "name" not in stub


@pytest.mark.django_db
def test_withdrawing_a_contact_persons_consent(admin_client):
    member = Member.objects.create(name="Fiktiver Verein")
    contact = ContactPerson.objects.create(
        member=member, name=NAME, publish_consent=True, consent_date=datetime.date(2026, 1, 5)
    )

    admin_client.post(
        reverse("network_withdraw_consent", args=("contactperson", contact.pk)),
        {"basis": "written"},
    )

    contact.refresh_from_db()
    assert not contact.publish_consent
    assert consent_history(contact).get().action == CONSENT_WITHDRAWN


@pytest.mark.django_db
def test_an_erased_person_is_a_deleted_stub_in_oparl(public_person, client):
    personal_data.erase(personal_data.find(name=NAME))

    stub = oparl_person(client, public_person)
    listing = client.get(reverse("oparl:person-list", args=("buendnis",))).json()

    assert stub["deleted"] is True
    assert NAME not in str(listing) and stub in listing["data"]


@pytest.mark.django_db
def test_editors_may_not_withdraw(login_role, client):
    person = Person.objects.create(name=NAME, publish_consent=True, consent_date="2026-01-05")
    login_role(EDITORS)
    url = reverse("network_withdraw_consent", args=("person", person.pk))

    response = client.post(url, {"basis": "email"})

    assert response.status_code in (302, 403)
    person.refresh_from_db()
    assert person.publish_consent
    login_role(OFFICE)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_member_page_offers_withdrawal_for_published_contacts(admin_client):
    member = Member.objects.create(name="Fiktiver Verein")
    contact = ContactPerson.objects.create(
        member=member, name=NAME, publish_consent=True, consent_date=datetime.date(2026, 1, 5)
    )
    inspect = reverse(Member.snippet_viewset.get_url_name("inspect"), args=(member.pk,))

    html = admin_client.get(inspect).content.decode()

    assert reverse("network_withdraw_consent", args=("contactperson", contact.pk)) in html
