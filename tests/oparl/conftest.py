from tests.api.conftest import (  # noqa: F401  (shared fixtures)
    body,
    hidden_pages,
    location,
    make_event,
    make_news,
    make_sentinel_partner,
    make_session,
    topic,
    tree,
    world,
)
