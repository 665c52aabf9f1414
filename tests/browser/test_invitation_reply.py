"""A member answers an invitation through the personal link in the mail, without logging in."""

import pytest
from django.urls import reverse

from events.invitations import reply_token
from events.models import ReplyAnswer, SessionInvitation

from .conftest import blocking_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_member_says_who_represents_them_once(browser_page, make_demo_session):
    session = make_demo_session(title="Bündnis-Sitzung Antworttest")
    invitation = SessionInvitation.objects.create(
        session=session, name="Erika Beispiel", email="erika@example.org"
    )
    page = browser_page
    page.goto(reverse("invitation_reply", args=[reply_token(invitation)]))
    assert page.get_by_role("heading", name="Rückmeldung zur Sitzung").is_visible()
    assert page.get_by_text("Bündnis-Sitzung Antworttest").is_visible()
    assert blocking_violations(page) == []

    page.get_by_label("Ich werde vertreten", exact=True).check()
    page.get_by_role("button", name="Rückmeldung senden").click()
    assert "Bitte prüfen Sie Ihre Angaben." in page.get_by_role("alert").inner_text()
    assert page.get_by_text("Bitte geben Sie an, wer Sie vertritt.").is_visible()

    page.get_by_label("Ich werde vertreten durch").fill("Max Mustermann")
    page.get_by_role("button", name="Rückmeldung senden").click()
    status = page.get_by_role("status").first
    assert "Max Mustermann" in status.inner_text()
    assert blocking_violations(page) == []
    invitation.refresh_from_db()
    assert invitation.answer == ReplyAnswer.REPRESENTED

    page.reload()
    assert page.get_by_role("button", name="Rückmeldung senden").count() == 0
