"""PostgreSQL for the test run: the site's backend with a flush that deletes instead of truncating.

Every transactional test (the browser tests against the live server, backup and restore, the
webhook worker) ends with a flush of all tables. TRUNCATE gives each table, index and TOAST
table a new file, which costs PostgreSQL seconds for the hundreds of them here; deleting the
few rows a test leaves behind takes milliseconds. The result is the same empty database:
Django's foreign keys are deferrable, so the deletes need no order within the transaction.
"""

from django.db.backends.postgresql import base

from cms.postgresql.base import DatabaseWrapper as SiteDatabaseWrapper


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        # Resetting sequences or cascading into tables outside the list needs TRUNCATE's
        # options; a flush of every table (what the test run does) needs neither.
        if not tables or reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        deletes = "".join(f"DELETE FROM {self.quote_name(table)};" for table in tables)
        return [f"SET CONSTRAINTS ALL DEFERRED;{deletes}"]


class DatabaseWrapper(SiteDatabaseWrapper):
    ops_class = DatabaseOperations
