"""Synthetic data at benchmark scale: members, partner profiles, bodies, sessions, events, news.

Deterministic by seed: the same flags produce the same rows, so two benchmark runs measure
the same data. Needs only the site frame (home and index pages, created if missing); the rest is bulk inserts.
"""

import random
import time
from datetime import date, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from bench.models import FloorPage
from bench.pagetree import bulk_add_children
from cms.demo import ensure_child
from events.models import (
    AgendaItem,
    AgendaKind,
    EventIndexPage,
    EventKind,
    EventPage,
    Location,
    Resolution,
    ResolutionKind,
    ResolutionOutcome,
    SessionPage,
    SessionStatus,
    resolution_number,
    resolution_prefix,
)
from home.demo import ensure_home_page
from home.models import NewsIndexPage, NewsKind, NewsPage
from network.demo import ensure_topics
from network.models import (
    BodyKind,
    BodyMembership,
    BodyStatus,
    ContactPerson,
    Member,
    MemberKind,
    MembershipRole,
    PartnerIndexPage,
    PartnerPage,
    Relationship,
    Rhythm,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)
from network.workflow import MemberStatus

NAME_PREFIX = "Bench"
BATCH_SIZE = 1000
# Fixed reference date instead of today: the same seed gives the same calendar every run.
EPOCH = date(2026, 1, 1)
TOWNS = [
    ("08056", "Zwickau"),
    ("08371", "Glauchau"),
    ("08393", "Meerane"),
    ("08412", "Werdau"),
    ("08451", "Crimmitschau"),
    ("09337", "Hohenstein-Ernstthal"),
    ("08107", "Kirchberg"),
    ("09356", "St. Egidien"),
    ("08428", "Langenbernsdorf"),
    ("08144", "Hirschfeld"),
]
WORDS = [
    "Demokratie",
    "Vielfalt",
    "Nachbarschaft",
    "Zukunft",
    "Begegnung",
    "Courage",
    "Miteinander",
    "Brücken",
    "Erinnerung",
    "Jugend",
    "Kultur",
    "Teilhabe",
]
# Outside the /bench/ prefix, which the response cache skips: the floor passes the same
# middleware as the site's pages.
FLOOR_SECTION = {"title": "Bench-Boden", "slug": "bench-boden"}
FLOOR_PAGE = {"title": "Seite", "slug": "seite"}
FLOOR_PATH = "/bench-boden/seite/"
STATUS_WEIGHTS = [
    (MemberStatus.ADMITTED, 70),
    (MemberStatus.APPLIED, 8),
    (MemberStatus.RECOMMENDED, 7),
    (MemberStatus.REJECTED, 5),
    (MemberStatus.ENDED, 10),
]
SESSION_STATUS_WEIGHTS = [
    (SessionStatus.HELD, 60),
    (SessionStatus.PLANNED, 25),
    (SessionStatus.INVITED, 10),
    (SessionStatus.CANCELLED, 5),
]


def _weighted(rng, weights):
    return rng.choices([value for value, _ in weights], [weight for _, weight in weights])[0]


def _aware(day, hour):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class Progress:
    """Prints each step with its row count and rate, so a slow step is visible at once."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.started = time.perf_counter()
        self.rows = 0

    def step(self, label, func):
        began = time.perf_counter()
        count = func()
        seconds = time.perf_counter() - began
        self.rows += count
        rate = count / seconds if seconds else float("inf")
        self.stdout.write(f"  {label:<32} {count:>7} rows  {seconds:6.1f} s  {rate:8.0f}/s")
        return count

    def done(self):
        seconds = time.perf_counter() - self.started
        self.stdout.write(
            f"  {'total':<32} {self.rows:>7} rows  {seconds:6.1f} s  {self.rows / seconds:8.0f}/s"
        )


class Generator:
    def __init__(self, options):
        self.rng = random.Random(options["seed"])
        self.options = options
        self.published_at = _aware(EPOCH, 9)

    def site_frame(self):
        """The home page, the plan's topics and the index pages everything else lives under."""
        home = self.home = ensure_home_page()
        self.topics = sorted(ensure_topics().values(), key=lambda topic: topic.slug)
        indexes = [
            (PartnerIndexPage, "buendnispartner", "Bündnispartner"),
            (WorkingGroupIndexPage, "gremien", "Gremien"),
            (EventIndexPage, "veranstaltungen", "Veranstaltungen"),
            (NewsIndexPage, "aktuelles", "Aktuelles"),
        ]
        self.partner_index, self.body_index, self.event_index, self.news_index = (
            model.objects.first() or ensure_child(home, model, slug, title=title)[0]
            for model, slug, title in indexes
        )
        return 1 + len(indexes)

    def members(self):
        rng, rows = self.rng, []
        for number in range(1, self.options["members"] + 1):
            contact = rng.random() < 0.1
            postcode, town = rng.choice(TOWNS)
            rows.append(
                Member(
                    name=f"{NAME_PREFIX} {rng.choice(WORDS)}-Initiative {number:05d}",
                    kind=rng.choice(MemberKind.values),
                    relationship=Relationship.CONTACT if contact else Relationship.MEMBER,
                    status="" if contact else _weighted(rng, STATUS_WEIGHTS),
                    status_changed_on=EPOCH - timedelta(days=rng.randrange(2000)),
                    municipality=town,
                    postcode=postcode,
                    street=f"{rng.choice(WORDS)}straße {rng.randrange(1, 120)}",
                    website=f"https://initiative-{number}.example",
                    description=f"<p>Wir setzen uns in {town} für {rng.choice(WORDS)} ein.</p>",
                    internal_notes=f"Interne Notiz {number}: nur für das Büro.",
                )
            )
        self.member_rows = Member.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.member_rows)

    def member_details(self):
        rng, topic_links, contacts = self.rng, [], []
        through = Member.topics.through
        for member in self.member_rows:
            for topic in rng.sample(self.topics, k=min(len(self.topics), rng.randint(1, 3))):
                topic_links.append(through(member_id=member.pk, topic_id=topic.pk))
            for order in range(rng.randint(1, 2)):
                consent = rng.random() < 0.3
                contacts.append(
                    ContactPerson(
                        member=member,
                        sort_order=order,
                        name=f"Person {member.pk}-{order}",
                        function=rng.choice(["Vorsitz", "Geschäftsführung", "Ansprechpartner"]),
                        email=f"person{member.pk}-{order}@initiative.example",
                        phone=f"0375 {member.pk:06d}",
                        publish_consent=consent,
                        consent_date=EPOCH if consent else None,
                    )
                )
        through.objects.bulk_create(topic_links, batch_size=BATCH_SIZE)
        ContactPerson.objects.bulk_create(contacts, batch_size=BATCH_SIZE)
        return len(topic_links) + len(contacts)

    def partner_pages(self):
        admitted = [m for m in self.member_rows if m.status == MemberStatus.ADMITTED]
        items = [
            {"title": m.name, "slug": slugify(m.name), "member_id": m.pk, "body": m.description}
            for m in admitted
        ]
        return len(
            bulk_add_children(self.partner_index, PartnerPage, items, self.rng, self.published_at)
        )

    def bodies(self):
        rng, items = self.rng, []
        kinds = [BodyKind.WORKING_CIRCLE, BodyKind.WORKING_GROUP]
        for number in range(1, self.options["bodies"] + 1):
            items.append(
                {
                    "title": f"{NAME_PREFIX}-Arbeitskreis {rng.choice(WORDS)} {number:02d}",
                    "slug": f"bench-gremium-{number}",
                    "kind": rng.choice(kinds),
                    "status": BodyStatus.ACTIVE,
                    "short_name": f"AK{number}",
                    "intro": "<p>Ein Arbeitskreis des Bündnisses.</p>",
                    "rhythm_months": rng.choice(Rhythm.values),
                }
            )
        self.body_pages = bulk_add_children(
            self.body_index, WorkingGroupPage, items, rng, self.published_at
        )
        topic_links = [
            WorkingGroupPage.topics.through(workinggrouppage_id=body.pk, topic_id=topic.pk)
            for body in self.body_pages
            for topic in rng.sample(self.topics, k=min(len(self.topics), 2))
        ]
        WorkingGroupPage.topics.through.objects.bulk_create(topic_links)
        admitted = [m for m in self.member_rows if m.status == MemberStatus.ADMITTED]
        seats = [
            BodyMembership(
                body_id=body.pk,
                member_id=member.pk,
                role=MembershipRole.MEMBER if order else MembershipRole.CHAIR,
                sort_order=order,
                start_date=EPOCH - timedelta(days=rng.randrange(1000)),
            )
            for body in self.body_pages
            for order, member in enumerate(rng.sample(admitted, k=min(len(admitted), 10)))
        ]
        BodyMembership.objects.bulk_create(seats, batch_size=BATCH_SIZE)
        return len(self.body_pages) + len(topic_links) + len(seats)

    def locations(self):
        rows = [
            Location(
                name=f"{NAME_PREFIX}-Saal {town}",
                street=f"Marktplatz {number}",
                postcode=postcode,
                town=town,
            )
            for number, (postcode, town) in enumerate(TOWNS, start=1)
        ]
        self.location_rows = Location.objects.bulk_create(rows)
        return len(rows)

    def sessions(self):
        rng, total = self.rng, self.options["sessions"]
        bodies = self.body_pages
        agenda, resolutions = [], []
        count = 0
        for index, body in enumerate(bodies):
            share = total // len(bodies) + (1 if index < total % len(bodies) else 0)
            items = []
            for number in range(1, share + 1):
                day = EPOCH + timedelta(days=rng.randrange(-1500, 400))
                start = _aware(day, rng.choice([10, 14, 17, 18]))
                status = _weighted(rng, SESSION_STATUS_WEIGHTS)
                items.append(
                    {
                        "title": f"{number}. Sitzung {body.short_name or body.title}",
                        "slug": f"sitzung-{number}",
                        "start": start,
                        "end": start + timedelta(hours=2),
                        "location_id": rng.choice(self.location_rows).pk,
                        "status": status,
                        "cancel_reason": "Erkrankung der Moderation"
                        if status == SessionStatus.CANCELLED
                        else "",
                    }
                )
            sessions = bulk_add_children(body, SessionPage, items, rng, self.published_at)
            count += len(sessions)
            agenda += self._agenda(sessions)
            resolutions += self._resolutions(body, sessions)
        AgendaItem.objects.bulk_create(agenda, batch_size=BATCH_SIZE)
        Resolution.objects.bulk_create(resolutions, batch_size=BATCH_SIZE)
        return count + len(agenda) + len(resolutions)

    def _agenda(self, sessions):
        rng = self.rng
        return [
            AgendaItem(
                session_id=session.pk,
                sort_order=position,
                number=str(position + 1),
                title=f"{kind.label}: {rng.choice(WORDS)}",
                kind=kind,
                description="Vorlage folgt.",
                is_public=rng.random() < 0.9,
            )
            for session in sessions
            for position, kind in enumerate(rng.sample(list(AgendaKind), k=3))
        ]

    def _resolutions(self, body, sessions):
        """Numbered per body and year like the office numbers them, e.g. AK3-2025-04."""
        rng, per_year, rows = self.rng, {}, []
        prefix = resolution_prefix(body)
        for session in sorted(sessions, key=lambda s: s.start):
            if session.status != SessionStatus.HELD:
                continue
            for order in range(rng.randint(0, 2)):
                year = session.start.year
                per_year[year] = per_year.get(year, 0) + 1
                word = rng.choice(WORDS)
                rows.append(
                    Resolution(
                        session_id=session.pk,
                        sort_order=order,
                        number=resolution_number(prefix, year, per_year[year]),
                        title=f"Gemeinsames Vorhaben {word}",
                        text=f"<p>Der Arbeitskreis beschließt ein Vorhaben zu {word}.</p>",
                        kind=rng.choice([ResolutionKind.JOINT_PROJECT, ResolutionKind.OTHER]),
                        outcome=ResolutionOutcome.ADOPTED,
                        votes_yes=rng.randint(5, 20),
                        votes_no=rng.randint(0, 3),
                        votes_abstain=rng.randint(0, 3),
                    )
                )
        return rows

    def events(self):
        rng, items = self.rng, []
        for number in range(1, self.options["events"] + 1):
            day = EPOCH + timedelta(days=rng.randrange(-700, 700))
            start = _aware(day, rng.choice([10, 15, 18, 19]))
            word = rng.choice(WORDS)
            items.append(
                {
                    "title": f"{word}: Veranstaltung {number:05d}",
                    "slug": f"veranstaltung-{number}",
                    "start": start,
                    "end": start + timedelta(hours=rng.choice([1, 2, 3])),
                    "location_id": rng.choice(self.location_rows).pk,
                    "kind": rng.choice(EventKind.values),
                    "coordinating_body_id": rng.choice(self.body_pages).pk,
                    "intro": f"Gemeinsam für {word} in der Region.",
                    "body": f"<p>Eine Veranstaltung zum Thema {word}.</p>",
                }
            )
        return len(bulk_add_children(self.event_index, EventPage, items, rng, self.published_at))

    def news(self):
        rng, items = self.rng, []
        for number in range(1, self.options["news"] + 1):
            word = rng.choice(WORDS)
            items.append(
                {
                    "title": f"{word}: Meldung {number:05d}",
                    "slug": f"meldung-{number}",
                    "date": EPOCH - timedelta(days=rng.randrange(2000)),
                    "kind": rng.choice(NewsKind.values),
                    "intro": f"Neues zum Thema {word}.",
                    "body": f"<p>Das Bündnis berichtet über {word}.</p>",
                    "prepared_by_id": rng.choice(self.body_pages).pk if self.body_pages else None,
                }
            )
        return len(bulk_add_children(self.news_index, NewsPage, items, rng, self.published_at))

    def floor_page(self):
        """The `floor_wagtail` page, as deep in the tree as a partner profile or a body."""
        (section,) = bulk_add_children(
            self.home, FloorPage, [FLOOR_SECTION], self.rng, self.published_at
        )
        bulk_add_children(section, FloorPage, [FLOOR_PAGE], self.rng, self.published_at)
        return 2

    def search_index(self):
        call_command("update_index", verbosity=0)
        return Page.objects.count()

    def analyze(self):
        """Planner statistics for the new rows, as a live database has them.

        Without them PostgreSQL plans the first minutes of a run from empty-table estimates
        (autovacuum has not run yet) and the benchmark would measure bad plans.
        """
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The project's tables only: a bare ANALYZE also locks the catalogs all
                # databases share, so two test workers generating at once waited for each
                # other until the statement limit (the lock lasts as long as a test's
                # transaction).
                tables = connection.introspection.django_table_names(only_existing=True)
                cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
            else:
                cursor.execute("ANALYZE")
        return Page.objects.count()


class Command(BaseCommand):
    help = _("Erzeugt reproduzierbare Testdaten in Benchmark-Größe (Standard: 10.000 Mitglieder).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--bodies", type=int, default=50)
        parser.add_argument("--sessions", type=int, default=5_000)
        parser.add_argument("--events", type=int, default=5_000)
        parser.add_argument("--news", type=int, default=2_000)
        parser.add_argument(
            "--no-search-index",
            action="store_true",
            help=_("Suchindex nicht neu aufbauen (schneller; Volltextsuche findet dann nichts)."),
        )

    def handle(self, *args, **options):
        if options["bodies"] < 1:
            raise CommandError(
                _("Sitzungen und Veranstaltungen brauchen mindestens ein Gremium (--bodies ≥ 1).")
            )
        if Member.objects.filter(name__startswith=f"{NAME_PREFIX} ").exists():
            raise CommandError(
                _(
                    "Die Datenbank enthält bereits Benchmark-Daten. Bitte eine leere Datenbank "
                    "verwenden, damit die Zahlen vergleichbar bleiben."
                )
            )
        generator = Generator(options)
        progress = Progress(self.stdout)
        steps = [
            ("site frame", generator.site_frame),
            ("members", generator.members),
            ("topics + contact persons", generator.member_details),
            ("partner profile pages", generator.partner_pages),
            ("bodies + seats", generator.bodies),
            ("locations", generator.locations),
            ("sessions + agenda + resolutions", generator.sessions),
            ("event pages", generator.events),
            ("news pages", generator.news),
            ("Wagtail floor page", generator.floor_page),
        ]
        with transaction.atomic():
            for label, step in steps:
                progress.step(label, step)
        if not options["no_search_index"]:
            progress.step("search index", generator.search_index)
        progress.step("planner statistics", generator.analyze)
        progress.done()
