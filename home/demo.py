"""Demo content shared helpers and the site frame (home, text pages, news).

Every loader creates what is missing and leaves what exists alone, so running the
demo command twice changes nothing and never overwrites an editor's work.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from cms.demo import ensure_child
from home.models import AllianceSettings, HomePage, NewsIndexPage, NewsKind, NewsPage, StandardPage

SITE_TITLE = "Bündnis für Demokratie und Toleranz der Zwickauer Region"


def site_address():
    """Hostname and port where the site is served, from WAGTAILADMIN_BASE_URL.

    Wagtail builds every absolute URL (API, sitemap, iCal, OParl `web`) from the Site; `make
    run` passes its HOST and PORT in this setting, production its public address.
    """
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def serve_site_at_its_address():
    """Point the default Site at where it is served now (HOST/PORT may differ between runs)."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()  # through the model: Wagtail's cache of site roots follows


def ensure_home_page():
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder welcome page; the alliance's
        # home page takes its place as the site root.
        placeholder = Page.objects.filter(depth=2, content_type__model="page").first()
        home = HomePage(title=SITE_TITLE, slug="home" if placeholder is None else "start")
        home.mission = MISSION
        root.add_child(instance=home)
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            hostname, port = site_address()
            Site.objects.create(
                hostname=hostname,
                port=port,
                root_page=home,
                is_default_site=True,
                site_name=SITE_TITLE,
            )
        else:
            site.root_page = home
            site.site_name = SITE_TITLE
            site.save()
        if placeholder is not None:
            placeholder.delete()
    return home


MISSION = (
    "<p>Das Bündnis für Demokratie und Toleranz der Zwickauer Region vernetzt Vereine, "
    "Initiativen, Kirchgemeinden, Schulen, Verwaltung und engagierte Menschen. Ziel ist der "
    "Austausch über rechtsextreme Tendenzen und Einstellungen und darauf aufbauend die "
    "Initiierung zielgerichteter Veranstaltungen und Aktionen.</p>"
)

STANDARD_PAGES = [
    (
        "praeambel",
        "Präambel",
        "Wofür das Bündnis steht.",
        "<p>Ausgehend von unserem Ziel, weitere Partner zu gewinnen und aktiv in die "
        "Bündnis-Arbeit einzubeziehen, liegt der Hauptfokus der Arbeit im Koordinierungsbüro "
        "auf dem Initiieren von Netzwerktreffen.</p><p>Ziel der Arbeit in den Arbeitskreisen ist "
        "der gegenseitige Austausch von Informationen zu rechtsextremen Tendenzen/Einstellungen "
        "und darauf basierend die Initiierung von möglichen zielgerichteten Veranstaltungen und "
        "Aktionen.</p><p>Resultierend aus unseren Erfahrungen suchen wir zeitnah den Kontakt zu "
        "neuen wichtigen Partnern und beziehen diese in die Bündnisarbeit ein.</p>",
    ),
    (
        "partner-werden",
        "Partner werden",
        "Werden Sie Teil des Bündnisses.",
        "<p>Vereine, Initiativen, Einrichtungen und Unternehmen der Region können Bündnispartner "
        "werden. Der Beirat berät den Antrag vor und gibt eine Empfehlung ab; über die Aufnahme "
        "beschließt die Bündnis-Sitzung.</p>",
    ),
    (
        "impressum",
        "Impressum",
        "",
        "<p>Koordinierungsbüro des Bündnisses für Demokratie und Toleranz der Zwickauer Region "
        "(Beispielangaben für die Demo-Installation).</p>",
    ),
    (
        "datenschutz",
        "Datenschutz",
        "",
        "<p>Wir veröffentlichen personenbezogene Daten nur mit ausdrücklicher Einwilligung. "
        "Kontaktdaten von Ansprechpersonen, Anwesenheitslisten und interne Notizen bleiben "
        "intern. Diese Website setzt keine Tracking-Dienste und keine externen Schriftarten "
        "oder Inhalte ein.</p>",
    ),
]


def make_coordinator_the_office_contact(coordinator):
    alliance = AllianceSettings.for_site(Site.objects.get(is_default_site=True))
    if alliance.coordinator_id is None:
        alliance.coordinator = coordinator
        alliance.save()


def load_site_frame():
    home = ensure_home_page()
    for slug, title, intro, body in STANDARD_PAGES:
        ensure_child(home, StandardPage, slug, title=title, intro=intro, body=body)
    ensure_child(
        home,
        NewsIndexPage,
        "aktuelles",
        title="Aktuelles",
        intro="<p>Meldungen und Pressemitteilungen des Bündnisses.</p>",
    )
    serve_site_at_its_address()
    site = Site.objects.get(is_default_site=True)
    office = AllianceSettings.for_site(site)
    if not office.office_email:
        office.office_name = "Koordinierungsbüro"
        office.office_address = "Beispielstraße 1\n08056 Zwickau (fiktive Anschrift)"
        office.office_email = "buero@buendnis-zwickau.example"
        office.office_phone = "0375 000000 (fiktiv)"
        office.save()
    return home


# (slug, kind, date, title, teaser, text): what the office reported in the plan's first months.
NEWS = [
    (
        "arbeitsgruppe-bildung-gegruendet",
        NewsKind.NEWS,
        datetime.date(2026, 2, 12),
        "Arbeitsgruppe „Bildung“ gegründet",
        "Die Bündnis-Sitzung hat eine Arbeitsgruppe zu Demokratiebildung an Schulen eingesetzt.",
        "<p>Auf Vorschlag des Beirats hat die Bündnis-Sitzung eine Arbeitsgruppe „Bildung“ "
        "eingesetzt. Sie sammelt Angebote der Bündnispartner für Schulen und berichtet in der "
        "nächsten Sitzung. Interessierte Partner melden sich im Koordinierungsbüro.</p>",
    ),
    (
        "neue-buendnispartner-vorgestellt",
        NewsKind.NEWS,
        datetime.date(2026, 3, 5),
        "Neue Bündnispartner vorgestellt",
        "Zwei Vereine aus dem Landkreis haben sich in der Bündnis-Sitzung vorgestellt.",
        "<p>In der Bündnis-Sitzung stellten sich zwei neue Partner vor. Nach der Empfehlung des "
        "Beirats beschloss das Plenum ihre Aufnahme. Das Bündnis wächst damit weiter in die "
        "Fläche des Landkreises.</p>",
    ),
    (
        "weiterbildung-asylrecht",
        NewsKind.NEWS,
        datetime.date(2026, 4, 16),
        "Weiterbildung zum Asylrecht im Interkulturellen Arbeitskreis",
        "Der IKA hat sich mit Asylrecht und Residenzpflicht beschäftigt.",
        "<p>Im Interkulturellen Arbeitskreis informierte eine Fachanwältin über aktuelle "
        "Änderungen im Asylrecht. Die Teilnehmenden vereinbarten, Fragen aus der Beratungspraxis "
        "in einer weiteren Sitzung zu vertiefen.</p>",
    ),
    (
        "aufruf-interkulturelle-woche",
        NewsKind.PRESS_RELEASE,
        datetime.date(2026, 9, 1),
        "Bündnis ruft zur Interkulturellen Woche auf",
        "Vereine, Schulen und Kirchgemeinden sind eingeladen, sich mit eigenen Angeboten zu "
        "beteiligen.",
        "<p>Das Bündnis für Demokratie und Toleranz der Zwickauer Region ruft gemeinsam mit dem "
        "Interkulturellen Arbeitskreis zur Beteiligung an der Interkulturellen Woche auf. "
        "Angebote nimmt das Koordinierungsbüro bis Mitte September entgegen.</p>",
    ),
]


def load_news(home):
    """A few reports and a press release, so /aktuelles/, the feeds and the API show some."""
    index = NewsIndexPage.objects.child_of(home).get(slug="aktuelles")
    for slug, kind, day, title, intro, body in NEWS:
        ensure_child(
            index, NewsPage, slug, title=title, kind=kind, date=day, intro=intro, body=body
        )
