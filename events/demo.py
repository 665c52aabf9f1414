"""Demo content for sessions and events."""

from events.models import EventIndexPage
from home.demo import ensure_child


def load_events(home, network):
    ensure_child(
        home,
        EventIndexPage,
        "veranstaltungen",
        title="Veranstaltungen",
        intro="<p>Veranstaltungen, Aktionen und Weiterbildungen des Bündnisses.</p>",
    )
