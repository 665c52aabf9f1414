"""What applicants hear from the office: receipt of the application, decisions, admission."""

from django.utils.translation import gettext as _

from cms.outbox.delivery import is_valid_address, queue_notice


def _to_applicant(application, kind, subject, paragraphs):
    if not is_valid_address(application.email):
        return None
    message, _created = queue_notice(
        kind=kind,
        to=application.email,
        name=application.contact_name,
        subject=subject,
        paragraphs=paragraphs,
        about=application,
        about_label=application.organisation,
        dedupe_key=f"{kind}-{application.pk}",
    )
    return message


def confirm_application(application):
    return _to_applicant(
        application,
        "application.received",
        _("Ihr Antrag auf Aufnahme ins Bündnis ist eingegangen"),
        [
            _("vielen Dank für den Antrag von „%(name)s“ auf Aufnahme ins Bündnis.")
            % {"name": application.organisation},
            _(
                "So geht es weiter: Das Koordinierungsbüro prüft den Antrag und meldet sich bei "
                "Ihnen. Nach der Aufnahme in das Mitgliederverzeichnis empfiehlt der Beirat die "
                "Aufnahme, über die dann die Bündnis-Sitzung beschließt. Über jeden Schritt "
                "informieren wir Sie."
            ),
            _("Bei Fragen erreichen Sie das Koordinierungsbüro unter den unten stehenden Angaben."),
        ],
    )


def notify_accepted(application):
    return _to_applicant(
        application,
        "application.accepted",
        _("Ihr Antrag auf Aufnahme: nächster Schritt"),
        [
            _(
                "das Koordinierungsbüro hat den Antrag von „%(name)s“ angenommen und in das "
                "Mitgliederverzeichnis aufgenommen."
            )
            % {"name": application.organisation},
            _(
                "Als Nächstes berät der Beirat über eine Empfehlung; die Aufnahme beschließt "
                "anschließend die Bündnis-Sitzung. Wir informieren Sie über das Ergebnis."
            ),
        ],
    )


def notify_rejected(application, *, share_reason):
    paragraphs = [
        _("leider können wir den Antrag von „%(name)s“ auf Aufnahme ins Bündnis nicht annehmen.")
        % {"name": application.organisation}
    ]
    if share_reason and application.rejection_reason:
        paragraphs.append(_("Begründung: %(reason)s") % {"reason": application.rejection_reason})
    paragraphs.append(_("Bei Fragen wenden Sie sich gern an das Koordinierungsbüro."))
    return _to_applicant(
        application, "application.rejected", _("Ihr Antrag auf Aufnahme ins Bündnis"), paragraphs
    )


def notify_admitted(member, resolution):
    """The plenary admitted the member: tell the applicant, or the contacts without application."""
    application = getattr(member, "application", None)
    if application is not None:
        people = [(application.contact_name, application.email)]
    else:
        people = [(c.name, c.email) for c in member.contact_persons.all() if c.email]
    paragraphs = [
        _(
            "wir freuen uns: Die Bündnis-Sitzung hat „%(name)s“ mit Beschluss %(resolution)s "
            "als Bündnispartner aufgenommen. Herzlich willkommen!"
        )
        % {"name": member.name, "resolution": resolution or "–"},
        _(
            "Das Koordinierungsbüro meldet sich mit allem Weiteren, etwa zum öffentlichen "
            "Partnerprofil und zu den nächsten Terminen."
        ),
    ]
    sent = []
    for name, address in people:
        if is_valid_address(address):
            message, _created = queue_notice(
                kind="member.admitted",
                to=address,
                name=name,
                subject=_("Aufnahme ins Bündnis"),
                paragraphs=paragraphs,
                about=member,
                about_label=member.name,
                dedupe_key=f"member.admitted-{member.pk}-{address.lower()}",
            )
            sent.append(message)
    return sent
