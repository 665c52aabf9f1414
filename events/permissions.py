"""Who may act on a session: below the models, so the session's admin panels can ask it too."""

from network.roles import LEADS, OFFICE


def may_send(user, session):
    """The office, or a body's lead for a session they may edit."""
    if user.is_superuser:
        return True
    groups = set(user.groups.values_list("name", flat=True))
    if OFFICE in groups:
        return True
    return LEADS in groups and session.permissions_for_user(user).can_edit()
