from events.demo import DEMO_PARTNER
from events.models import EventPage, EventSeries, Resolution, SessionKind, SessionPage
from network.models import BodyStatus, Member, MemberStatus, PartnerPage, WorkingGroupPage
from tests.http import body_text

INTERNAL_ITEM = "Personalangelegenheiten des Büros"


def test_demo_sessions_drive_the_register_and_load_idempotently(demo, load_demo_command):
    counts = (SessionPage.objects.count(), EventPage.objects.count(), Resolution.objects.count())
    load_demo_command()
    assert (SessionPage.objects.count(), EventPage.objects.count(), Resolution.objects.count()) == (
        counts
    )

    partner = Member.objects.get(name=DEMO_PARTNER)
    assert partner.status == MemberStatus.ADMITTED
    assert [c.to_status for c in partner.status_changes.order_by("pk")] == [
        MemberStatus.RECOMMENDED,
        MemberStatus.ADMITTED,
    ]
    assert PartnerPage.objects.filter(member=partner, live=True).exists()
    bildung = WorkingGroupPage.objects.get(slug="ag-bildung")
    assert bildung.status == BodyStatus.ACTIVE
    assert bildung.established_by_resolution.startswith("P-")
    assert SessionPage.objects.filter(session_kind=SessionKind.SHORT_NOTICE).count() == 1
    assert EventPage.objects.filter(kind="training", topics__name="Asylrecht").exists()
    assert EventSeries.objects.exists()
    for slug in ("buendnis-sitzung", "beirat", "interkultureller-arbeitskreis"):
        body = WorkingGroupPage.objects.get(slug=slug)
        starts = SessionPage.objects.child_of(body).values_list("start", flat=True)
        assert len(starts) >= 2, slug


def test_internal_agenda_item_of_the_demo_stays_internal(client, demo):
    session = SessionPage.objects.get(slug="buendnis-sitzung-aufnahme")
    assert INTERNAL_ITEM in [item.title for item in session.agenda_items.all()]
    for url in (
        session.url,
        "/kalender/sitzungen.ics",
        "/kalender/gremium/buendnis-sitzung.ics",
        f"/kalender/sitzung/{session.pk}.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert INTERNAL_ITEM not in body_text(response), url
    assert "Das Plenum nimmt den fiktiven Verein auf" in client.get(session.url).content.decode()
