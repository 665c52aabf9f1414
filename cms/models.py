from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """One row whose token changes whenever public content may have changed.

    Cached responses and ETags are keyed by it (`cms.cache`). It lives in the database,
    not the cache, so every worker sees a change even without a shared cache; a random token
    instead of a counter means a restored backup can never revive an old cache entry.
    """

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Inhaltsstand")
        verbose_name_plural = _("Inhaltsstände")

    def __str__(self):
        return self.token
