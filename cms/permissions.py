"""Permission policies the core's own admin views share."""

from wagtail.permission_policies import ModelPermissionPolicy

WRITE_ACTIONS = {"add", "change"}


class RecordPolicy(ModelPermissionPolicy):
    """A log of what happened (deliveries, sent mail): viewable and prunable, never editable."""

    def user_has_permission(self, user, action):
        return action not in WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - WRITE_ACTIONS)
