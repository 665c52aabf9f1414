"""Demo content for the network: topics, people and the bodies exactly as the plan describes them.

People and partners that are not in the plan are fictional and say so.
"""

import datetime

from wagtail.models import Page

from cms.demo import ensure_child
from network.applications import store_application
from network.models import (
    BodyKind,
    BodyMembership,
    BodyStatus,
    ContactPerson,
    Leadership,
    Member,
    MemberKind,
    MembershipApplication,
    MembershipRole,
    PartnerApplicationPage,
    PartnerIndexPage,
    Person,
    Relationship,
    Rhythm,
    RhythmBinding,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from network.partners import create_partner_profile
from network.workflow import MemberStatus, change_status

TOPICS = [
    "Bildung",
    "Kinder und Jugend",
    "Arbeitsplatz",
    "Ordnungsbehörden und Verwaltung",
    "Asylrecht",
    "Residenzpflicht",
    "Rechtsextremismus",
    "Interkulturelle Arbeit",
    "Pressearbeit",
]

PLENARY_TASKS = [
    "Auseinandersetzung mit den Inhalten und den praktischen Erfahrungen der Bündnisarbeit",
    "Berichterstattung durch das Koordinierungsbüro in Verbindung mit dem Beirat über anstehende "
    "Projekte/Aktionen etc.",
    "Beschlussfassung zu gemeinsamen Vorhaben",
    "Einsetzung von Arbeitsgruppen",
    "Vorstellen neuer Bündnispartner und Netzwerke in der Region/Kennenlernen von neuen Partnern",
    "Weiterbildungen zu relevanten Themen",
    "Wahl eines Beirates",
    "Beschlussfassung zu Aufnahme und Beendigung der Mitgliedschaft",
]

BOARD_TASKS = [
    "Strategische Ausrichtung der Bündnisarbeit im Sinne der Präambel",
    "Entscheidungen über aktuelle Handlungserfordernisse",
    "Vorberatung zur Aufnahme weiterer Partner/Abgeben einer Empfehlung für das Plenum",
    "In Zusammenarbeit mit dem Koordinierungsbüro – Vertretung nach Außen",
    "Allg. Gewährleistung der Funktionsfähigkeit des Bündnisses",
]

IKA_TASKS = [
    "Koordinierung aktueller Veranstaltungen/Veranstaltungsreihen",
    "Thematische Schwerpunktsetzung",
    "Vorbereitung von Pressemitteilungen",
    "Weiterbildung zu relevanten Themen (bspw. Asylrecht, Residenzpflicht etc.)",
    "Bilden von Arbeitsgruppen zu bestimmten Themen",
]

PLANNED_GROUPS = [
    ("ag-bildung", "Arbeitsgruppe „Bildung“", ["Bildung"]),
    ("ag-kinder-und-jugend", "Arbeitsgruppe „Kinder und Jugend“", ["Kinder und Jugend"]),
    ("ag-arbeitsplatz", "Arbeitsgruppe „Arbeitsplatz“", ["Arbeitsplatz"]),
    (
        "ag-ordnungsbehoerden-und-verwaltung",
        "Arbeitsgruppe „Ordnungsbehörden und Verwaltung“",
        ["Ordnungsbehörden und Verwaltung"],
    ),
]

# The plan's further contacts: known to the office, not members.
PLAN_CONTACTS = [
    ("Bürgerinitiativen im Landkreis Zwickau", MemberKind.INITIATIVE),
    ("Asylbewerberheime im Landkreis Zwickau", MemberKind.SOCIAL),
    (
        "Kreisverband des Sächsischen Städte- und Gemeindetages im Landkreis Zwickau",
        MemberKind.AUTHORITY,
    ),
]


def _tasks(texts):
    return [("task", text) for text in texts]


def ensure_topics():
    return {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}


def ensure_coordinator():
    coordinator, _ = Person.objects.get_or_create(
        name="Erika Musterfrau",
        defaults={
            "public_name": "Erika Musterfrau (fiktive Koordinatorin)",
            "function": "Koordinatorin des Bündnisses",
            "email": "koordination@buendnis-zwickau.example",
            "phone": "0375 000001",
        },
    )
    return coordinator


def ensure_bodies(home, topics, coordinator):
    index, _ = ensure_child(
        home,
        WorkingGroupIndexPage,
        "gremien",
        title="Gremien",
        intro="<p>Bündnis-Sitzung, Beirat, Interkultureller Arbeitskreis und Arbeitsgruppen.</p>",
    )
    plenary, created = ensure_child(
        index,
        WorkingGroupPage,
        "buendnis-sitzung",
        title="Bündnis-Sitzung",
        kind=BodyKind.PLENARY,
        status=BodyStatus.ACTIVE,
        short_name="P",
        intro="<p>Unter Leitung und Moderation der Koordinatorin des Bündnisses für Demokratie "
        "und Toleranz der Zwickauer Region finden regelmäßig Bündnis-Sitzungen statt.</p>",
        leadership=Leadership.FIXED,
        leader=coordinator,
        rhythm_months=Rhythm.QUARTERLY,
        rhythm_binding=RhythmBinding.MINIMUM,
        short_notice_allowed=True,
        tasks=_tasks(PLENARY_TASKS),
    )
    board, _ = ensure_child(
        index,
        WorkingGroupPage,
        "beirat",
        title="Beirat",
        kind=BodyKind.ADVISORY_BOARD,
        status=BodyStatus.ACTIVE,
        short_name="B",
        intro="<p>Unter Leitung und Moderation der Koordinatorin werden in der Beirats-Sitzung "
        "die strategischen Fragen des Bündnisses besprochen.</p>",
        leadership=Leadership.FIXED,
        leader=coordinator,
        rhythm_months=Rhythm.BIMONTHLY,
        rhythm_binding=RhythmBinding.USUAL,
        short_notice_allowed=True,
        tasks=_tasks(BOARD_TASKS),
        established_by=plenary,
    )
    ika, created = ensure_child(
        index,
        WorkingGroupPage,
        "interkultureller-arbeitskreis",
        title="Interkultureller Arbeitskreis (IKA) im Landkreis Zwickau",
        kind=BodyKind.WORKING_CIRCLE,
        status=BodyStatus.ACTIVE,
        short_name="IKA",
        is_external=True,
        intro="<p>Das Koordinierungsbüro arbeitet kontinuierlich im IKA mit, stellt die "
        "Schnittstelle zum Bündnis dar und gewährleistet so die Koordination und Netzwerkarbeit "
        "zwischen beiden Initiativen. Die Leitung und Moderation rotiert unter den Mitgliedern "
        "des IKA.</p>",
        leadership=Leadership.ROTATING,
        rhythm_months=Rhythm.QUARTERLY,
        rhythm_binding=RhythmBinding.USUAL,
        short_notice_allowed=False,
        tasks=_tasks(IKA_TASKS),
    )
    if created:
        ika.topics.set([topics["Interkulturelle Arbeit"], topics["Asylrecht"]])
        ika.save_revision().publish()
    groups = []
    for slug, title, topic_names in PLANNED_GROUPS:
        group, created = ensure_child(
            index,
            WorkingGroupPage,
            slug,
            title=title,
            kind=BodyKind.WORKING_GROUP,
            status=BodyStatus.PLANNED,
            short_name="AG",
            intro="<p>Das Initiieren dieser Arbeitsgruppe ist angedacht.</p>",
            leadership=Leadership.FIXED,
        )
        if created:
            group.topics.set([topics[name] for name in topic_names])
            group.save_revision().publish()
        groups.append(group)
    return {"index": index, "plenary": plenary, "board": board, "ika": ika, "groups": groups}


def ensure_plan_contacts():
    for name, kind in PLAN_CONTACTS:
        Member.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "relationship": Relationship.CONTACT,
                "municipality": "Landkreis Zwickau",
            },
        )


def load_network(home):
    topics = ensure_topics()
    coordinator = ensure_coordinator()
    bodies = ensure_bodies(home, topics, coordinator)
    ensure_plan_contacts()
    ensure_child(
        home,
        PartnerIndexPage,
        "buendnispartner",
        title="Bündnispartner",
        intro="<p>Die Partner des Bündnisses stellen sich vor.</p>",
    )
    application_page = ensure_application_page(home)
    partners = ensure_partners(topics)
    ensure_body_seats(bodies, coordinator, partners)
    ensure_pending_application(topics)
    return {
        "topics": topics,
        "coordinator": coordinator,
        "application_page": application_page,
        "partners": partners,
        **bodies,
    }


def ensure_application_page(home):
    join = Page.objects.child_of(home).filter(slug="partner-werden").first()
    if join is None:
        return None
    page, _ = ensure_child(
        join,
        PartnerApplicationPage,
        "antrag",
        title="Antrag auf Aufnahme",
        intro="<p>Mit diesem Formular beantragen Sie die Aufnahme ins Bündnis. Der Beirat berät "
        "den Antrag vor, die Bündnis-Sitzung beschließt über die Aufnahme.</p>",
    )
    return page


BOARD_ELECTION = "P-2026-02"
BOARD_ELECTED_ON = datetime.date(2026, 2, 11)

# (name, kind, town, status, topics, consented contact?)
PARTNERS = [
    (
        "Beispielverein Vielfalt Zwickau (fiktiv)",
        MemberKind.ASSOCIATION,
        "Zwickau",
        MemberStatus.ADMITTED,
        ["Interkulturelle Arbeit", "Bildung"],
        True,
    ),
    (
        "Beispielinitiative Buntes Crimmitschau (fiktiv)",
        MemberKind.INITIATIVE,
        "Crimmitschau",
        MemberStatus.ADMITTED,
        ["Rechtsextremismus"],
        True,
    ),
    (
        "Beispielkirchgemeinde St. Muster (fiktiv)",
        MemberKind.CHURCH,
        "Werdau",
        MemberStatus.ADMITTED,
        ["Asylrecht"],
        False,
    ),
    (
        "Beispielschule am Schwanenteich (fiktiv)",
        MemberKind.SCHOOL,
        "Zwickau",
        MemberStatus.ADMITTED,
        ["Bildung", "Kinder und Jugend"],
        True,
    ),
    (
        "Beispielgewerkschaft Region Zwickau (fiktiv)",
        MemberKind.UNION,
        "Zwickau",
        MemberStatus.ADMITTED,
        ["Arbeitsplatz"],
        False,
    ),
    (
        "Beispielträger Jugendhilfe (fiktiv)",
        MemberKind.SOCIAL,
        "Glauchau",
        MemberStatus.ADMITTED,
        ["Kinder und Jugend"],
        True,
    ),
    (
        "Beispielunternehmen Muldental (fiktiv)",
        MemberKind.BUSINESS,
        "Wilkau-Haßlau",
        MemberStatus.ADMITTED,
        ["Arbeitsplatz"],
        False,
    ),
    (
        "Beispielverein Begegnung (fiktiv)",
        MemberKind.ASSOCIATION,
        "Limbach-Oberfrohna",
        MemberStatus.RECOMMENDED,
        ["Interkulturelle Arbeit"],
        False,
    ),
    (
        "Beispielinitiative Willkommen (fiktiv)",
        MemberKind.INITIATIVE,
        "Meerane",
        MemberStatus.APPLIED,
        ["Asylrecht", "Residenzpflicht"],
        False,
    ),
    (
        "Beispielverein Erinnerungskultur (fiktiv)",
        MemberKind.ASSOCIATION,
        "Hohenstein-Ernstthal",
        MemberStatus.APPLIED,
        ["Rechtsextremismus"],
        False,
    ),
    (
        "Beispielverein Ohne Bezug (fiktiv)",
        MemberKind.OTHER,
        "Leipzig",
        MemberStatus.REJECTED,
        [],
        False,
    ),
    (
        "Beispielverein Ehemals Aktiv (fiktiv)",
        MemberKind.ASSOCIATION,
        "Werdau",
        MemberStatus.ENDED,
        ["Pressearbeit"],
        False,
    ),
]

PATH_TO = {
    MemberStatus.APPLIED: [],
    MemberStatus.RECOMMENDED: [(MemberStatus.RECOMMENDED, "B-2026-01", "")],
    MemberStatus.ADMITTED: [
        (MemberStatus.RECOMMENDED, "B-2026-01", ""),
        (MemberStatus.ADMITTED, "P-2026-01", ""),
    ],
    MemberStatus.REJECTED: [(MemberStatus.REJECTED, "B-2026-01", "Kein Bezug zur Region.")],
    MemberStatus.ENDED: [
        (MemberStatus.RECOMMENDED, "B-2026-01", ""),
        (MemberStatus.ADMITTED, "P-2026-01", ""),
        (MemberStatus.ENDED, "P-2026-02", "Der Verein hat sich aufgelöst."),
    ],
}

BOARD_PEOPLE = [
    ("Max Beispiel", "Max Beispiel (fiktiv)", True),
    ("Anna Muster", "Anna Muster (fiktiv)", True),
    ("Jens Platzhalter", "", False),
]


def ensure_partners(topics):
    """The fictional partners, each brought to its status through the real lifecycle."""
    partners = {}
    for index, (name, kind, town, status, topic_names, consented) in enumerate(PARTNERS, 1):
        member, created = Member.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "municipality": town,
                "website": f"https://partner-{index}.example",
                "description": f"<p>{name} engagiert sich in {town} für Demokratie und Toleranz.</p>",
                "internal_notes": "Fiktiver Demo-Eintrag.",
            },
        )
        if created:
            member.topics.set([topics[t] for t in topic_names])
            member.save()
            ContactPerson.objects.create(
                member=member,
                name=f"Kontaktperson {index} (fiktiv)",
                function="Vorsitz",
                email=f"kontakt-{index}@partner.example",
                phone=f"0375 0000{index:02d}",
                publish_consent=consented,
                consent_date=datetime.date(2026, 1, 15) if consented else None,
            )
            for target, resolution, reason in PATH_TO[status]:
                change_status(
                    member,
                    target,
                    decided_on=BOARD_ELECTED_ON,
                    resolution=resolution,
                    reason=reason,
                )
            if status == MemberStatus.ADMITTED:
                create_partner_profile(member)
        partners[name] = member
    return partners


def _seat(body, *, person=None, member=None, **fields):
    """Add a seat through the page, so the body's revisions and editors see it too."""
    if BodyMembership.objects.filter(body=body, person=person, member=member).exists():
        return False
    body.memberships.add(BodyMembership(person=person, member=member, **fields))
    return True


def ensure_body_seats(bodies, coordinator, partners):
    board, ika = bodies["board"], bodies["ika"]
    added = False
    for name, public_name, consented in BOARD_PEOPLE:
        person, _ = Person.objects.get_or_create(
            name=name,
            defaults={
                "public_name": public_name,
                "function": "Mitglied des Beirats",
                "email": f"{name.split()[0].lower()}@beispiel.example",
                "publish_consent": consented,
                "consent_date": BOARD_ELECTED_ON if consented else None,
            },
        )
        added |= _seat(
            board,
            person=person,
            role=MembershipRole.MEMBER,
            start_date=BOARD_ELECTED_ON,
            elected_by_resolution=BOARD_ELECTION,
        )
    added |= _seat(
        board, person=coordinator, role=MembershipRole.CHAIR, start_date=BOARD_ELECTED_ON
    )
    if added:
        board.save_revision().publish()
    added = _seat(ika, person=coordinator, role=MembershipRole.MEMBER)
    for name in list(partners)[:3]:
        added |= _seat(ika, member=partners[name], role=MembershipRole.MEMBER)
    if added:
        ika.save_revision().publish()


def ensure_pending_application(topics):
    name = "Beispielverein Neuer Antrag (fiktiv)"
    if MembershipApplication.objects.filter(organisation=name).exists():
        return
    store_application(
        {
            "organisation": name,
            "kind": MemberKind.ASSOCIATION,
            "municipality": "Kirchberg",
            "website": "https://neuer-antrag.example",
            "contact_name": "Antragstellerin (fiktiv)",
            "email": "antrag@neuer-antrag.example",
            "phone": "",
            "message": "Wir möchten uns im Bündnis engagieren.",
        },
        [topics["Kinder und Jugend"]],
    )
