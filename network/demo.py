"""Demo content for the network: topics, people and the bodies exactly as the plan describes them.

People and partners that are not in the plan are fictional and say so.
"""

from wagtail.models import Site

from home.demo import ensure_child
from home.models import AllianceSettings
from network.models import (
    BodyKind,
    BodyStatus,
    Leadership,
    Member,
    MemberKind,
    PartnerIndexPage,
    Person,
    Relationship,
    Rhythm,
    RhythmBinding,
    Topic,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

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
    site = Site.objects.get(is_default_site=True)
    alliance = AllianceSettings.for_site(site)
    if alliance.coordinator_id is None:
        alliance.coordinator = coordinator
        alliance.save()
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
    return {"topics": topics, "coordinator": coordinator, **bodies}
