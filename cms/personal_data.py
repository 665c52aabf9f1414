"""A person's data across the site: find it, export it, erase it (GDPR Art. 15 and 17).

The core knows no domain model. Apps declare where they keep personal data through the Wagtail
hook `register_personal_data_sources`, returning `Source` objects; the core adds the traces every
app leaves behind: page and snippet revisions, audit-log entries and webhook deliveries. Those
are searched for everything the apps' findings identify the person by (a phone number found on
a contact person is scrubbed from old revisions too), so the apps' sources run first.

Erasing keeps the alliance's decisions: rows others depend on (a seat, an attendance, a
resolution's elected person) stay and lose their personal fields; nothing is counted differently.
"""

import datetime
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import Page, PageLogEntry, Revision
from wagtail.models.audit_log import ModelLogEntry
from wagtail.search import index

from cms.cache import bump_content_version
from cms.models import ErasureRecord
from cms.webhooks.models import WebhookDelivery, WebhookEvent
from cms.webhooks.signals import safely

SOURCES_HOOK = "register_personal_data_sources"
PLACEHOLDER = "gelöschte Person"
SEARCH_LOG_ACTION = "cms.personal_data.search"
EXPORT_LOG_ACTION = "cms.personal_data.export"
ERASE_LOG_ACTION = "cms.personal_data.erase"


def normalise(value):
    return " ".join((value or "").split()).casefold()


def keyed_hash(value):
    """HMAC of a normalised e-mail or name: recognisable again after a restore, not readable."""
    value = normalise(value)
    if not value:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def local_stamp(moment, with_time=True):
    """A date (and time) as the office reads it, in the site's time zone."""
    if isinstance(moment, datetime.datetime):
        moment = timezone.localtime(moment)
    return moment.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


@dataclass
class Subject:
    """Whom we look for; `terms` grows with what the apps' findings identify the person by."""

    email: str = ""
    name: str = ""
    terms: set = field(default_factory=set)

    def __post_init__(self):
        self.email = self.email.strip()
        self.name = " ".join(self.name.split())
        self.terms |= {t for t in (self.email, self.name) if t}

    def matches_email(self, value):
        return bool(self.email) and normalise(value) == normalise(self.email)

    def matches_name(self, value):
        return bool(self.name) and normalise(value) == normalise(self.name)

    def matches(self, email="", name=""):
        return self.matches_email(email) or self.matches_name(name)


@dataclass
class Finding:
    """One place the person appears: an object, what it says about them, and where to see it."""

    source: "Source"
    obj: object
    description: str
    admin_url: str = ""
    # What else identifies the person here (a phone number), to scrub from revisions and logs.
    identifiers: tuple = ()
    # What erasing changes, in words, for the preview.
    change: str = ""


class Source:
    """A kind of personal data. Subclass it in the app that owns the data.

    `fields` names the model fields holding personal data; the core uses them to scrub old
    revisions of the object, which keep a copy of those fields.
    """

    key = ""
    label = ""
    purpose = ""
    retention = ""
    fields = ()

    def find(self, subject):
        """Findings for the subject, in a stable order."""
        return [self.finding(obj) for obj in self.objects(subject)]

    def objects(self, subject):
        """The rows that concern the subject, in a stable order."""
        raise NotImplementedError

    def finding(self, obj):
        raise NotImplementedError

    def export(self, finding):
        """A JSON-able dict of what is stored here about the person."""
        raise NotImplementedError

    def erase(self, finding):
        """Remove or neutralise the personal fields; return the objects to re-index (or [])."""
        raise NotImplementedError

    def identities(self):
        """(email, name) pairs stored here: how `reapply_erasures` recognises erased people."""
        return []


def matching(queryset, subject, email_field, name_fields):
    """The rows whose address or one of whose names is the subject's, case-insensitively."""
    query = Q()
    if subject.email:
        query |= Q(**{f"{email_field}__iexact": subject.email})
    if subject.name:
        for name in name_fields:
            query |= Q(**{f"{name}__iexact": subject.name})
    return queryset.filter(query).order_by("pk") if query else queryset.none()


def app_sources():
    return [source for sources in hooks.get_hooks(SOURCES_HOOK) for source in sources()]


# --- Traces every app leaves: revisions, audit logs, webhook deliveries -------------------------


def text_variants(term):
    """The term as stored in JSON text: SQLite keeps `ü` escaped as `\\u00fc`, PostgreSQL not."""
    escaped = json.dumps(term)[1:-1]
    return {term, escaped}


def json_mentions(lookup, terms):
    query = Q()
    for term in terms:
        for variant in text_variants(term):
            query |= Q(**{f"{lookup}__icontains": variant})
    return query


def scrub_text(text, terms):
    # Whole words only: erasing "Anna" must not turn "Johanna" into "Johgelöschte Person".
    for term in sorted(terms, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(term)}(?!\w)", PLACEHOLDER, text, flags=re.IGNORECASE)
    return text


def scrub_json(value, terms, personal_keys):
    """The value with every mention replaced, and a record naming the person emptied out."""
    if isinstance(value, dict):
        names_person = any(
            isinstance(v, str) and normalise(v) in {normalise(t) for t in terms}
            for v in value.values()
        )
        return {
            key: (
                blank_like(item)
                if names_person and key in personal_keys
                else scrub_json(item, terms, personal_keys)
            )
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub_json(item, terms, personal_keys) for item in value]
    if isinstance(value, str):
        return scrub_text(value, terms)
    return value


def blank_like(value):
    if isinstance(value, str):
        return ""
    if isinstance(value, bool):
        return False
    return None


class TraceSource(Source):
    """Rows whose JSON or text copies may mention the person anywhere."""

    model = None
    json_field = ""
    text_fields = ()

    def objects(self, subject):
        query = json_mentions(self.json_field, subject.terms)
        for name in self.text_fields:
            for term in subject.terms:
                query |= Q(**{f"{name}__icontains": term})
        return self.model.objects.filter(query).order_by("pk")

    def finding(self, obj):
        return Finding(self, obj, self.describe(obj), change=_("Erwähnungen ersetzt"))

    def scrub(self, obj, terms, personal_keys):
        setattr(
            obj,
            self.json_field,
            scrub_json(getattr(obj, self.json_field), terms, personal_keys),
        )
        for name in self.text_fields:
            setattr(obj, name, scrub_text(getattr(obj, name), terms))
        obj.save(update_fields=[self.json_field, *self.text_fields])


class RevisionSource(TraceSource):
    key = "revisions"
    label = _("Versionen von Seiten und Einträgen")
    purpose = _("Nachvollziehbarkeit redaktioneller Änderungen")
    retention = _("solange die Seite oder der Eintrag besteht; bei Löschung der Person bereinigt")
    model = Revision
    json_field = "content"
    text_fields = ("object_str",)

    def describe(self, revision):
        return _("Version vom %(date)s von „%(object)s“") % {
            "date": local_stamp(revision.created_at),
            "object": revision.object_str,
        }

    def export(self, finding):
        revision = finding.obj
        return {
            "object": revision.object_str,
            "created_at": revision.created_at.isoformat(),
            "content": revision.content,
        }

    def scrub(self, revision, terms, personal_keys):
        super().scrub(revision, terms, personal_keys)
        # A live page shows its live revision: the page row must lose the mention as well.
        page = Page.objects.filter(live_revision=revision).first()
        if page is not None:
            revision.as_object().save(clean=False, update_fields=None)
            return [page.specific]
        return []


class LogEntrySource(TraceSource):
    json_field = "data"
    text_fields = ("label",)
    purpose = _("Nachweis, wer wann was geändert hat")
    retention = _("unbefristet im Admin-Protokoll; bei Löschung der Person bereinigt")

    def describe(self, entry):
        return _("%(action)s am %(date)s: %(label)s") % {
            "action": entry.action,
            "date": local_stamp(entry.timestamp),
            "label": entry.label,
        }

    def export(self, finding):
        entry = finding.obj
        return {
            "action": entry.action,
            "label": entry.label,
            "timestamp": entry.timestamp.isoformat(),
            "data": entry.data,
        }


class PageLogSource(LogEntrySource):
    key = "page_log"
    label = _("Protokolleinträge zu Seiten")
    model = PageLogEntry


class ModelLogSource(LogEntrySource):
    key = "model_log"
    label = _("Protokolleinträge zu Einträgen")
    model = ModelLogEntry


class WebhookDeliverySource(TraceSource):
    key = "webhook_deliveries"
    label = _("Webhook-Zustellungen")
    purpose = _("Benachrichtigung angeschlossener Websites über Änderungen")
    retention = _("als Zustellprotokoll; bei Löschung der Person bereinigt")
    json_field = "payload"
    model = WebhookDelivery

    def describe(self, delivery):
        return _("%(event)s an %(endpoint)s am %(date)s") % {
            "event": delivery.get_event_display(),
            "endpoint": delivery.endpoint,
            "date": local_stamp(delivery.created_at),
        }

    def export(self, finding):
        delivery = finding.obj
        return {
            "event": delivery.event,
            "created_at": delivery.created_at.isoformat(),
            "payload": delivery.payload,
        }


def trace_sources():
    return [RevisionSource(), PageLogSource(), ModelLogSource(), WebhookDeliverySource()]


# --- Find, export, erase --------------------------------------------------------------------------


@dataclass
class Report:
    subject: Subject
    findings: list

    def by_source(self):
        """[(source, [findings])] in the sources' order, empty kinds left out."""
        groups = {}
        for finding in self.findings:
            groups.setdefault(finding.source, []).append(finding)
        return list(groups.items())

    def counts(self):
        return {source.key: len(found) for source, found in self.by_source()}

    def __bool__(self):
        return bool(self.findings)


def find(email="", name=""):
    """Every place a person appears, looked up by e-mail address and/or full name."""
    subject = Subject(email=email, name=name)
    if not subject.terms:
        return Report(subject, [])
    findings = []
    for source in app_sources():
        found = source.find(subject)
        for finding in found:
            subject.terms |= {value for value in finding.identifiers if value}
        findings.extend(found)
    for source in trace_sources():
        findings.extend(source.find(subject))
    return Report(subject, findings)


def export(report):
    """Everything found, per kind, with its purpose and retention rule; JSON-able."""
    return {
        "subject": {"email": report.subject.email, "name": report.subject.name},
        "created_at": timezone.now().isoformat(),
        "kinds": [
            {
                "key": source.key,
                "label": str(source.label),
                "purpose": str(source.purpose),
                "retention": str(source.retention),
                "entries": [{"description": str(f.description), **source.export(f)} for f in found],
            }
            for source, found in report.by_source()
        ],
    }


def personal_keys():
    return {name for source in app_sources() for name in source.fields}


@transaction.atomic
def erase(report, *, user=None, reason="", record=True):
    """Erase everything the report found and record the erasure without the erased data.

    `record=False` re-applies an erasure after a restore: the original record stands.
    """
    subject = report.subject
    reindex = []
    for finding in report.findings:
        if not isinstance(finding.source, TraceSource):
            reindex.extend(finding.source.erase(finding) or [])
    # Traces are searched again: erasing the domain rows may have written new revisions or logs.
    keys = personal_keys()
    for source in trace_sources():
        for obj in source.objects(subject):
            reindex.extend(source.scrub(obj, subject.terms, keys) or [])
    refresh_search_index(reindex)
    bump_content_version()
    if not record:
        return None
    erasure = ErasureRecord.objects.create(
        user=user,
        email_hash=keyed_hash(subject.email),
        name_hash=keyed_hash(subject.name),
        counts=report.counts(),
        reason=reason,
    )
    log(erasure, ERASE_LOG_ACTION, user=user, data={"counts": erasure.counts})
    announce_erasure(erasure, report)
    return erasure


def refresh_search_index(objects):
    """Now, not after a queued task: the erasure is complete when the request returns."""
    for obj in objects:
        if obj.pk is not None and isinstance(obj, index.Indexed):
            index.insert_or_update_object(obj)
    compact_search_index()


def compact_search_index():
    """SQLite's full-text index keeps replaced words in its segments until they are merged."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.endswith("indexentry_fts"):
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"INSERT INTO {quoted}({quoted}) VALUES('optimize')")


def announce_erasure(record, report):
    """Consumers learn which objects changed, never what they said."""

    def build():
        objects = sorted(
            {
                (f.obj._meta.label, f.obj.pk)
                for f in report.findings
                if not isinstance(f.source, TraceSource) and f.obj.pk is not None
            }
        )
        return {
            "erasure": record.pk,
            "erased_at": record.created_at.isoformat(),
            "objects": [{"type": label, "id": pk} for label, pk in objects],
        }

    safely(WebhookEvent.PERSON_ERASED, build)


def reapply_erasures():
    """After a restore: erase again everyone an ErasureRecord names. Returns the reports erased."""
    records = list(ErasureRecord.objects.all())
    if not records:
        return []
    emails = {r.email_hash for r in records if r.email_hash}
    names = {r.name_hash for r in records if r.name_hash}
    reports = []
    seen = set()
    for source in app_sources():
        for email, name in source.identities():
            email = email if keyed_hash(email) in emails else ""
            name = name if keyed_hash(name) in names else ""
            key = (normalise(email), normalise(name))
            if (email or name) and key not in seen:
                seen.add(key)
                report = find(email=email, name=name)
                if report:
                    erase(report, record=False)
                    reports.append(report)
    return reports


def erasure_snapshot():
    """The erasure records as they are now, to carry them across a restore of an older backup."""
    try:
        return list(
            ErasureRecord.objects.values(
                "created_at", "email_hash", "name_hash", "counts", "reason"
            )
        )
    except DatabaseError:
        # A fresh database without tables: there is nothing to carry over.
        return []


def keep_erasures(snapshot):
    """Put records from before the restore back; the restored database may predate them."""
    for row in snapshot:
        ErasureRecord.objects.get_or_create(
            created_at=row["created_at"],
            email_hash=row["email_hash"],
            name_hash=row["name_hash"],
            defaults={"counts": row["counts"], "reason": row["reason"]},
        )
