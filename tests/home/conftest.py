from tests.api.conftest import (  # noqa: F401  (shared fixtures)
    make_news,
    tree,
)
