"""Demo content shared helpers and the site frame (home, text pages, news).

Every loader creates what is missing and leaves what exists alone, so running the
demo command twice changes nothing and never overwrites an editor's work.
"""

from wagtail.models import Page, Site

from cms.demo import ensure_child
from home.models import AllianceSettings, HomePage, NewsIndexPage, StandardPage

SITE_TITLE = "Bündnis für Demokratie und Toleranz der Zwickauer Region"


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
            Site.objects.create(
                hostname="localhost",
                port=80,
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
    site = Site.objects.get(is_default_site=True)
    settings = AllianceSettings.for_site(site)
    if not settings.office_email:
        settings.office_name = "Koordinierungsbüro"
        settings.office_address = "Beispielstraße 1\n08056 Zwickau (fiktive Anschrift)"
        settings.office_email = "buero@buendnis-zwickau.example"
        settings.office_phone = "0375 000000 (fiktiv)"
        settings.save()
    return home
