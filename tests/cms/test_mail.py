from django.core import mail

from cms.mail import send, single_line


def test_single_line_collapses_line_breaks_and_runs_of_space():
    assert single_line("Verein\r\nfür\t Vielfalt\n") == "Verein für Vielfalt"


def test_every_project_mail_gets_a_header_safe_subject(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send("Neuer Antrag:\nInjected: header", "Text", ["buero@example.org"])
    assert mail.outbox[-1].subject == "Neuer Antrag: Injected: header"
