"""Rich text in the API: the same HTML as Wagtail's expansion, with a shortcut for plain text."""

import pytest
from wagtail.rich_text import expand_db_html

from cms.api import rich_text


@pytest.mark.django_db
def test_rich_text_is_wagtails_expansion_with_or_without_references(make_partner_profile):
    profile = make_partner_profile("Verlinkter Verein (fiktiv)")
    texts = [
        "<p>Nur Text, <b>fett</b> und <abbr>Abk.</abbr></p>",
        "<p>Mit <A HREF='https://example.org'>großem Tag</A></p>",
        f'<p>Siehe <a linktype="page" id="{profile.pk}">Profil</a>.</p>',
        '<p><a href="https://example.org">extern</a> und <a href="#oben">Anker</a></p>',
        '<embed embedtype="unbekannt" id="1"/><p>danach</p>',
    ]
    for text in texts:
        assert rich_text(text) == expand_db_html(text)
    # The references were expanded: the page link points to the profile, the unknown embed went.
    assert "linktype" not in rich_text(texts[2]) and "href=" in rich_text(texts[2])
    assert "embedtype" not in rich_text(texts[4])
    assert rich_text(None) == rich_text("") == ""
