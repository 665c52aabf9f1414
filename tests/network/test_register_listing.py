"""The register listing renders its rows as Wagtail's own columns would."""

import pytest
from django.test.html import parse_html
from django.urls import reverse

from network.admin_views import MemberIndexView
from network.models import Member, MemberKind
from network.roles import BOARD, OFFICE
from network.wagtail_hooks import MEMBER_CHOICE_COLUMNS
from network.workflow import MemberStatus


def listing_table(client):
    response = client.get(reverse(Member.snippet_viewset.get_url_name("list")))
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<table class="listing')
    return parse_html(html[start : html.index("</table>", start) + len("</table>")])


@pytest.mark.parametrize("role", [None, OFFICE, BOARD])
def test_rows_are_the_markup_of_wagtails_own_columns(
    role, client, admin_client, login_role, make_member, monkeypatch
):
    if role:  # otherwise the client stays signed in as the superuser of `admin_client`
        login_role(role)
    make_member(MemberStatus.ADMITTED, name="Muster & Söhne <e.V.>", kind=MemberKind.CHURCH)
    make_member(MemberStatus.RECOMMENDED, municipality="Zwickau")

    ours = listing_table(client)
    # Wagtail's own columns read the choices with get_FOO_display().
    names = ["name", *MEMBER_CHOICE_COLUMNS, "municipality"]
    monkeypatch.setattr(
        MemberIndexView, "list_display", property(lambda view: names, lambda view, value: None)
    )
    wagtails = listing_table(client)

    assert ours == wagtails
    text = str(ours)
    assert "Muster &amp; Söhne &lt;e.V.&gt;" in text
    assert "Kirchgemeinde/Religionsgemeinschaft" in text
    assert "vom Beirat empfohlen" in text
