"""Erasing a person leaves their data nowhere in the database, and every decision intact."""

import pytest
from django.db import connection
from wagtail.log_actions import log
from wagtail.models import Revision

from cms import personal_data
from cms.models import ErasureRecord
from cms.outbox.delivery import queue
from cms.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from events.models import Attendance, Resolution, SessionInvitation, SessionPage
from home.models import NewsIndexPage, NewsPage
from network.models import (
    BodyMembership,
    ContactPerson,
    Member,
    MembershipApplication,
    Person,
)

NAME = "Erika Sentinelname"
EMAIL = "sentinel-mail@example.invalid"
PHONE = "0375 99 SENTINELPHONE"
PUBLIC_NAME = "E. Sentinelpublic"
FUNCTION = "Sentinelfunction"
MESSAGE = "Sentinelmessage of the applicant"
SENTINELS = ["sentinelname", "sentinel-mail", "sentinelphone", "sentinelpublic",
             "sentinelfunction", "sentinelmessage"]  # fmt: skip


def database_text():
    """Every row of every table as text: what a backup of the database would hold."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                rows.append(f"{table}: " + " | ".join(text_of(value) for value in row))
    return "\n".join(rows).casefold()


def text_of(value):
    if isinstance(value, memoryview | bytes):
        return bytes(value).decode("latin-1")
    return str(value)


def leaks(text):
    return [s for s in SENTINELS if s in text]


def counts():
    return {
        "resolutions": Resolution.objects.count(),
        "seats": BodyMembership.objects.count(),
        "sessions": SessionPage.objects.count(),
        "attendance": Attendance.objects.count(),
        "present": Attendance.objects.filter(state=Attendance.PRESENT).count(),
        "applications": MembershipApplication.objects.count(),
        "people": Person.objects.count(),
    }


@pytest.fixture
def planted(demo, admin_client):
    """One person with a sentinel in every personal field, and traces of them everywhere."""
    member = Member.objects.exclude(status="").first()
    person = Person.objects.create(
        name=NAME,
        public_name=PUBLIC_NAME,
        function=FUNCTION,
        email=EMAIL,
        phone=PHONE,
        organisation=member,
        publish_consent=True,
        consent_date="2026-01-05",
    )
    BodyMembership.objects.create(body=demo["plenary"], person=person, role="member")
    session = SessionPage.objects.child_of(demo["plenary"]).first()
    Attendance.objects.create(session=session, person=person)
    ContactPerson.objects.create(
        member=member, name=NAME, function=FUNCTION, email=EMAIL, phone=PHONE
    )
    member.save_revision(user=admin_client.user)
    MembershipApplication.objects.create(
        organisation="Sentinel-freie Initiative",
        kind="initiative",
        municipality="Zwickau",
        contact_name=NAME,
        email=EMAIL,
        phone=PHONE,
        message=MESSAGE,
        privacy_consent_at="2026-01-05T10:00Z",
    )
    news_index = NewsIndexPage.objects.first()
    news = NewsPage(
        title="Ehrenamtspreis",
        date="2026-02-01",
        body=f"<p>Laudatio für {NAME}, erreichbar unter {EMAIL}.</p>",
    )
    news_index.add_child(instance=news)
    news.save_revision(user=admin_client.user).publish()
    news.body = f"<p>Entwurf: Dank an {PUBLIC_NAME}</p>"
    news.save_revision(user=admin_client.user)
    log(person, "wagtail.edit", user=admin_client.user, data={"note": f"Telefon {PHONE}"})
    endpoint = WebhookEndpoint.objects.create(
        name="Konsument", url="https://consumer.example/hook", events=[WebhookEvent.PERSON_ERASED]
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint, event=WebhookEvent.MEMBER_ADMITTED, payload={"name": NAME}
    )
    SessionInvitation.objects.create(
        session=session, person=person, name=NAME, email=EMAIL, representative=PUBLIC_NAME
    )
    queue(
        kind="invitation",
        to=EMAIL,
        subject="Einladung zur Bündnis-Sitzung",
        text=f"Liebe {NAME}, Ihre Nummer {PHONE} ...",
        name=NAME,
    )
    return {"person": person, "member": member, "news": news, "user": admin_client.user}


@pytest.mark.django_db
def test_the_sentinels_are_planted(planted):
    assert set(leaks(database_text())) == set(SENTINELS)


@pytest.mark.django_db
def test_find_lists_every_place_the_person_appears(planted):
    report = personal_data.find(email=EMAIL)

    kinds = report.counts()
    assert kinds["people"] == 1
    assert kinds["contact_persons"] == 1
    assert kinds["seats"] == 1
    assert kinds["applications"] == 1
    assert kinds["attendance"] == 1
    assert kinds["revisions"] >= 3  # the member's and both of the news page's
    assert kinds["model_log"] >= 1
    assert kinds["webhook_deliveries"] == 1
    assert kinds["invitations"] == 1
    assert kinds["outbox"] == 1


@pytest.mark.django_db
def test_erasure_leaves_the_person_nowhere_in_the_database(planted):
    before = counts()

    personal_data.erase(personal_data.find(name=NAME), user=planted["user"])

    assert leaks(database_text()) == []
    after = counts()
    assert after == before
    person = Person.objects.get(pk=planted["person"].pk)
    assert person.name == personal_data.PLACEHOLDER
    assert not person.publish_consent
    assert person.body_memberships.count() == 1


@pytest.mark.django_db
def test_erasure_is_recorded_without_the_data_and_announced(planted):
    record = personal_data.erase(personal_data.find(email=EMAIL), user=planted["user"])

    assert record == ErasureRecord.objects.get()
    assert record.user == planted["user"]
    assert record.counts["people"] == 1
    assert record.email_hash == personal_data.keyed_hash(EMAIL.upper())
    announcement = WebhookDelivery.objects.get(event=WebhookEvent.PERSON_ERASED)
    assert {"type": "network.Person", "id": planted["person"].pk} in announcement.payload["data"][
        "objects"
    ]
    assert leaks(str(announcement.payload).casefold()) == []


@pytest.mark.django_db
def test_published_page_and_drafts_lose_the_mention(planted):
    personal_data.erase(personal_data.find(email=EMAIL, name=NAME))

    news = NewsPage.objects.get(pk=planted["news"].pk)
    assert personal_data.PLACEHOLDER in news.body
    assert NAME not in news.body
    drafts = Revision.objects.for_instance(news)
    assert all(NAME not in str(r.content) for r in drafts)


@pytest.mark.django_db
def test_erasure_leaves_other_people_untouched(planted, demo):
    coordinator = demo["coordinator"]
    name, email = coordinator.name, coordinator.email

    personal_data.erase(personal_data.find(email=EMAIL, name=NAME))

    coordinator.refresh_from_db()
    assert (coordinator.name, coordinator.email) == (name, email)


@pytest.mark.django_db
def test_a_restore_reapplies_the_erasure(planted):
    personal_data.erase(personal_data.find(email=EMAIL, name=NAME))
    # As if an older backup came back: the person is there again.
    Person.objects.create(name=NAME, email=EMAIL, phone=PHONE)

    personal_data.reapply_erasures()

    assert leaks(database_text()) == []
    assert ErasureRecord.objects.count() == 1


def test_scrubbing_replaces_whole_words_only():
    terms = {"Anna", "anna@example.invalid"}
    scrubbed = personal_data.scrub_json(
        {"text": "Anna und Johanna", "contact": {"name": "anna", "email": "anna@example.invalid"}},
        terms,
        {"name", "email"},
    )

    assert scrubbed["text"] == f"{personal_data.PLACEHOLDER} und Johanna"
    assert scrubbed["contact"] == {"name": "", "email": ""}
