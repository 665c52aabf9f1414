"""Mail the project sends: subjects made header-safe before Django sees them."""

from django.core.mail import send_mail


def single_line(text):
    """The text on one line: every run of whitespace, line breaks included, becomes one space.

    Mail headers may not contain line breaks (Django raises BadHeaderError), and subjects often
    carry what a visitor typed, e.g. an organisation's name.
    """
    return " ".join(str(text).split())


def send(subject, message, recipient_list, **kwargs):
    """send_mail with a header-safe subject; every mail of the project goes through here."""
    return send_mail(single_line(subject), message, None, recipient_list, **kwargs)
