"""What the suite measures: one entry per request shape, each with its floor and target.

Paths are resolved against the generated data (a topic with many partners, a body with
sessions, the newest month of events). An endpoint that does not exist yet answers 404
in the preflight and is reported as "missing" instead of failing the whole run.
"""

import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.management.commands.generate_bench_data import FLOOR_PATH
from cms.models import ContentVersion
from cms.oparl.serializers import BODY_KEY as OPARL_BODY
from events.models import EventPage, SessionPage
from network.models import Member, PartnerPage, Topic, WorkingGroupPage
from network.workflow import MemberStatus

FRAMEWORK_FLOOR = "floor_framework"
DATA_FLOOR = "floor_data"
WAGTAIL_FLOOR = "floor_wagtail"
API_V2 = "api_v2_partners"
BASELINE_GROUP = "Baseline"


@dataclass(frozen=True)
class Target:
    """PASS when the scenario's requests/s reach `ratio` × the reference's in the same run."""

    reference: str
    ratio: float

    def describe(self):
        return f"≥ {self.ratio:g}× {self.reference}"


@dataclass(frozen=True)
class Scenario:
    name: str
    group: str
    path: str
    targets: tuple[Target, ...] = ()
    signed_in: bool = False
    conditional: bool = False
    memory: bool = False
    min_rps: float | None = None
    headers: dict = field(default_factory=dict)


@dataclass
class BenchData:
    """The concrete ids and slugs the paths point at, read once from the generated data."""

    topic: str
    partner_id: int
    partner_url: str
    body_id: int
    body_url: str
    month: str
    event_start: str
    event_end: str
    member_id: int
    session_id: int
    search: str = "Demokratie"

    @classmethod
    def read(cls):
        topic = Topic.objects.annotate(n=Count("member")).order_by("-n", "slug").first()
        partner = PartnerPage.objects.live().order_by("path").last()
        body = WorkingGroupPage.objects.live().order_by("-numchild", "path").first()
        # The busiest month, not the newest: the newest held a single event at 10,000 members
        # and 35 at 100,000, so that range measured the data's edge, not a page of 50.
        busiest = (
            EventPage.objects.annotate(month=TruncMonth("start"))
            .values("month")
            .annotate(events=Count("pk"))
            .order_by("-events", "-month")
            .first()
        )
        month_start = busiest["month"]
        return cls(
            topic=topic.slug,
            partner_id=partner.pk,
            partner_url=partner.url,
            body_id=body.pk,
            body_url=body.url,
            month=month_start.strftime("%Y-%m"),
            event_start=month_start.date().isoformat(),
            event_end=(month_start + timedelta(days=31)).date().isoformat(),
            session_id=SessionPage.objects.live().order_by("-start")[0].pk,
            member_id=Member.objects.filter(status=MemberStatus.ADMITTED).order_by("pk")[0].pk,
        )


# Uncached scenarios ask for a fresh copy, as a hard reload does; the response cache
# (cms.cache) then renders the response instead of answering from the cache.
FRESH = {"Cache-Control": "no-cache"}


def build(data):
    """The scenario list for one run, in the order it is measured (floors first)."""
    list_targets = (Target(DATA_FLOOR, 0.5),)
    cached_targets = (Target(FRAMEWORK_FLOOR, 0.8),)
    admin_targets = (Target(DATA_FLOOR, 0.25),)
    # Rendered pages compare with a bare Wagtail page: what the site adds to Wagtail's serving.
    html_targets = (Target(WAGTAIL_FLOOR, 0.5),)
    fields = "title,slug"
    partners_topic = f"/api/v3/partners/?topic={data.topic}&limit=50"
    directory = f"/buendnispartner/?topic={data.topic}&seite=20"
    calendar_month = f"/veranstaltungen/?ansicht=monat&monat={data.month}"
    return [
        Scenario(FRAMEWORK_FLOOR, BASELINE_GROUP, "/bench/floor/"),
        Scenario(DATA_FLOOR, BASELINE_GROUP, f"/bench/floor/partners/?topic={data.topic}"),
        # A title-only Wagtail page as deep as a partner profile, rendered for every request.
        Scenario(WAGTAIL_FLOOR, BASELINE_GROUP, FLOOR_PATH, headers=FRESH),
        Scenario(
            API_V2,
            BASELINE_GROUP,
            f"/bench/api/v2/pages/?type=network.PartnerPage&limit=50&fields={fields}",
        ),
        # 1. API v3, rendered for every request
        Scenario(
            "api_v3_pages_partners",
            "API v3",
            f"/api/v3/pages/?type=network.PartnerPage&limit=50&fields={fields}",
            (*list_targets, Target(API_V2, 1.5)),
            headers=FRESH,
        ),
        Scenario(
            "api_v3_partners_topic",
            "API v3",
            partners_topic,
            (*list_targets, Target(API_V2, 1.5)),
            headers=FRESH,
        ),
        Scenario(
            "api_v3_partner_detail",
            "API v3",
            f"/api/v3/partners/{data.partner_id}/",
            headers=FRESH,
        ),
        Scenario(
            "api_v3_body_sessions",
            "API v3",
            f"/api/v3/sessions/?body={data.body_id}&limit=50",
            list_targets,
            headers=FRESH,
        ),
        Scenario(
            "api_v3_events_range",
            "API v3",
            f"/api/v3/events/?date_from={data.event_start}&date_to={data.event_end}&limit=50",
            list_targets,
            headers=FRESH,
        ),
        Scenario(
            "api_v3_search",
            "API v3",
            f"/api/v3/partners/?search={data.search}&limit=50",
            list_targets,
            headers=FRESH,
        ),
        # 2. conditional and cached reads
        Scenario(
            "api_v3_partners_304",
            "API v3 conditional",
            partners_topic,
            cached_targets,
            conditional=True,
        ),
        Scenario("api_v3_partners_cached", "API v3 cached", partners_topic, cached_targets),
        # 3. OParl
        Scenario(
            "oparl_meetings", "OParl", f"/oparl/v1.1/body/{OPARL_BODY}/meeting/", headers=FRESH
        ),
        Scenario(
            "oparl_organizations",
            "OParl",
            f"/oparl/v1.1/body/{OPARL_BODY}/organization/",
            headers=FRESH,
        ),
        Scenario(
            "oparl_meeting", "OParl", f"/oparl/v1.1/meeting/{data.session_id}/", headers=FRESH
        ),
        # 4. feeds
        Scenario(
            "ical_all_sessions",
            "Feeds",
            "/kalender/sitzungen.ics",
            memory=True,
            min_rps=10,
            headers=FRESH,
        ),
        Scenario(
            "ical_all_sessions_cached",
            "Feeds cached",
            "/kalender/sitzungen.ics",
            memory=True,
            min_rps=10,
        ),
        Scenario("atom_feed", "Feeds", "/feeds/news.atom", headers=FRESH),
        # 5. HTML, rendered for every request, then from the response cache
        Scenario("html_home", "HTML", "/", html_targets, headers=FRESH),
        Scenario("html_partner_directory", "HTML", directory, html_targets, headers=FRESH),
        Scenario("html_partner_profile", "HTML", data.partner_url, html_targets, headers=FRESH),
        Scenario("html_body", "HTML", data.body_url, html_targets, headers=FRESH),
        Scenario("html_event_calendar", "HTML", calendar_month, html_targets, headers=FRESH),
        Scenario(
            "html_search",
            "HTML",
            f"/suche/?q={data.search}",
            (*html_targets, *list_targets),
            headers=FRESH,
        ),
        Scenario("html_home_cached", "HTML cached", "/", cached_targets),
        Scenario("html_partner_directory_cached", "HTML cached", directory, cached_targets),
        Scenario("html_body_cached", "HTML cached", data.body_url, cached_targets),
        # 6. admin
        Scenario(
            "admin_member_list",
            "Admin",
            "/admin/snippets/network/member/?status=admitted",
            admin_targets,
            signed_in=True,
        ),
        Scenario(
            "admin_member_edit",
            "Admin",
            f"/admin/snippets/network/member/edit/{data.member_id}/",
            admin_targets,
            signed_in=True,
        ),
    ]


def body_size(response):
    """Bytes of the body; reading a streamed body is part of serving it."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def clients():
    """An anonymous and a signed-in client; a server error becomes a 500, not an exception.

    The signed-in client's session cookie also serves wrk for the admin scenarios. Content
    types are loaded first, as a server process has them after its first request: the query
    counts are those of every later request.
    """
    ContentType.objects.get_for_models(*apps.get_models())
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin",
        defaults={"is_superuser": True, "is_staff": True, "email": "bench@example.org"},
    )
    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(user)
    return {"anonymous": Client(raise_request_exception=False), "signed_in": signed_in}


def per_request(queries):
    """The queries a request makes itself: without the content version's token, which each
    process reads at most every CONTENT_VERSION_TTL seconds, in whichever request comes then
    (the counts of one scenario differed by that read between two runs)."""
    table = ContentVersion._meta.db_table
    return [query for query in queries if table not in query["sql"]]


def preflight(scenario, anonymous, signed_in, connection):
    """One request in-process: status, queries, response size and the headers wrk must send."""
    client = signed_in if scenario.signed_in else anonymous
    headers = dict(scenario.headers)
    began = time.perf_counter()
    response = client.get(scenario.path, headers=headers)
    size = body_size(response)
    preflight_ms = round((time.perf_counter() - began) * 1000, 1)
    # Every request wrk sends after the first finds what the first one kept (the response
    # cache, the fragments and lists kept per content version): count such a request.
    with CaptureQueriesContext(connection) as later:
        body_size(client.get(scenario.path, headers=headers))
    result = {
        "status_code": response.status_code,
        "bytes": size,
        "queries": len(per_request(later)),
        "preflight_ms": preflight_ms,
    }
    if response.status_code == 404:
        result["state"] = "missing"
        return result, headers
    if scenario.conditional:
        etag = response.headers.get("ETag")
        if not etag:
            result["state"] = "missing"
            result["note"] = "no ETag"
            return result, headers
        headers["If-None-Match"] = etag
        with CaptureQueriesContext(connection) as again:
            response = client.get(scenario.path, headers=headers)
        result.update(status_code=response.status_code, queries=len(per_request(again)))
    if scenario.signed_in:
        name = settings.SESSION_COOKIE_NAME
        headers["Cookie"] = f"{name}={signed_in.cookies[name].value}"
    result["state"] = "ok" if response.status_code < 400 else "error"
    return result, headers
