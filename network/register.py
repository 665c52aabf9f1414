"""The member register as a spreadsheet: export columns and the import of an existing partner list.

Export and import share the column headings, so an exported file can be imported again.
The import is all-or-nothing (one bad row → nothing stored, every bad row reported by line)
and idempotent: entries are matched by name, a second run updates instead of duplicating.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from cms.spreadsheets import restore
from network.models import ContactPerson, Member, MemberKind, Relationship, Topic
from network.workflow import MemberStatus

COLUMNS = {
    "name": _("Name"),
    "kind": _("Art"),
    "relationship": _("Beziehung"),
    "status": _("Status"),
    "status_changed_on": _("Status seit"),
    "municipality": _("Gemeinde/Stadt"),
    "postcode": _("PLZ"),
    "street": _("Straße und Hausnummer"),
    "website": _("Website"),
    "topics": _("Themenfelder"),
    "contact_name": _("Ansprechperson"),
    "contact_email": _("E-Mail"),
    "contact_phone": _("Telefon"),
}
LIST_SEPARATOR = ";"


def export_row(member):
    """One register entry as the export's columns (the first contact person only)."""
    contact = next(iter(member.contact_persons.all()), None)
    return {
        "name": member.name,
        "kind": member.get_kind_display(),
        "relationship": member.get_relationship_display(),
        "status": member.get_status_display(),
        "status_changed_on": member.status_changed_on,
        "municipality": member.municipality,
        "postcode": member.postcode,
        "street": member.street,
        "website": member.website,
        "topics": f"{LIST_SEPARATOR} ".join(t.name for t in member.topics.all()),
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "contact_phone": contact.phone if contact else "",
    }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


def _choice(choices, raw, label):
    """Accept a choice's German label or its stored value, case-insensitively."""
    wanted = raw.strip().casefold()
    for value, text in choices:
        if wanted in {value.casefold(), str(text).casefold()}:
            return value
    raise ValidationError(
        _t("%(column)s „%(value)s“ ist unbekannt; möglich: %(options)s.")
        % {"column": label, "value": raw, "options": ", ".join(str(t) for _v, t in choices)}
    )


def _date(raw):
    """A date as the export writes it (TT.MM.JJJJ) or as ISO."""
    try:
        return forms.DateField().clean(raw)
    except ValidationError:
        raise ValidationError(
            _t("„%(value)s“ ist kein Datum (TT.MM.JJJJ).") % {"value": raw}
        ) from None


def decode_csv(data: bytes) -> str:
    """The text of an uploaded or read CSV file; refuses binary files and other encodings."""
    if b"\0" in data:
        raise ValidationError(
            _t(
                "Die Datei ist keine CSV-Textdatei (sie enthält Binärdaten, z. B. ein Bild, eine "
                "Excel-Datei oder UTF-16-Text). Bitte als „CSV UTF-8“ speichern."
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ValidationError(
            _t(
                "Zeile %(line)d: Die Datei ist nicht UTF-8-kodiert (z. B. Latin-1 oder ein "
                "Binärformat). Bitte als „CSV UTF-8“ speichern."
            )
            % {"line": line}
        ) from None


def _not_csv(line):
    return ValidationError(
        _t(
            "Zeile %(line)d: Die Datei ist kein gültiges CSV: ein Anführungszeichen wird nicht "
            "geschlossen oder steht an falscher Stelle."
        )
        % {"line": line}
    )


def _read_rows(text):
    """Yield (line number, row dict keyed by column name, surplus cells).

    Headings may be labels or names. Surplus cells are values beyond the header's columns,
    typically a delimiter inside an unquoted name; they are reported, never dropped silently.
    """
    heading = text.partition("\n")[0]
    delimiter = ";" if heading.count(";") > heading.count(",") else ","
    # strict: an unclosed quote is an error instead of swallowing the rest of the file
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(_t("Die Datei ist leer.")) from None
    except csv.Error:
        raise _not_csv(1) from None
    by_heading = {str(label).casefold(): key for key, label in COLUMNS.items()}
    by_heading.update({key: key for key in COLUMNS})
    keys = [by_heading.get(h.strip().casefold()) for h in header]
    if "name" not in keys:
        raise ValidationError(_t("Zeile 1: Die Spalte „Name“ fehlt."))
    unknown = [h for h, k in zip(header, keys, strict=True) if k is None and h.strip()]
    if unknown:
        raise ValidationError(
            _t("Zeile 1: Unbekannte Spalten: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    while True:
        first_line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise _not_csv(first_line) from None
        if not any(c.strip() for c in cells):
            continue
        row = dict.fromkeys(COLUMNS, "")
        row.update({k: restore(c.strip()) for k, c in zip(keys, cells, strict=False) if k})
        surplus = [c for c in cells[len(header) :] if c.strip()]
        yield reader.line_num, row, surplus


def _parse(row, topics):
    """The member fields, topics and contact of one row; raises ValidationError listing every problem."""
    problems = []

    def check(func, *args):
        try:
            return func(*args)
        except ValidationError as error:
            problems.extend(error.messages)

    if not row["name"]:
        problems.append(_t("Der Name fehlt."))
    fields = {
        "name": row["name"],
        "municipality": row["municipality"],
        "postcode": row["postcode"],
        "street": row["street"],
        "website": row["website"],
    }
    if row["kind"]:
        fields["kind"] = check(_choice, MemberKind.choices, row["kind"], _t("Art"))
    relationship = Relationship.MEMBER
    if row["relationship"]:
        relationship = check(_choice, Relationship.choices, row["relationship"], _t("Beziehung"))
    fields["relationship"] = relationship
    status = MemberStatus.ADMITTED if relationship == Relationship.MEMBER else ""
    if row["status"] and relationship == Relationship.MEMBER:
        status = check(_choice, MemberStatus.choices, row["status"], _t("Status"))
    status_since = check(_date, row["status_changed_on"]) if row["status_changed_on"] else None
    if row["website"]:
        check(URLValidator(message=_t("Die Website ist keine gültige Adresse.")), row["website"])
    if row["contact_email"]:
        check(EmailValidator(message=_t("Die E-Mail-Adresse ist ungültig.")), row["contact_email"])
    if (row["contact_email"] or row["contact_phone"]) and not row["contact_name"]:
        problems.append(_t("E-Mail oder Telefon ohne Ansprechperson."))
    names = [n.strip() for n in row["topics"].split(LIST_SEPARATOR) if n.strip()]
    missing = [n for n in names if n.casefold() not in topics]
    if missing:
        problems.append(_t("Unbekannte Themenfelder: %(names)s.") % {"names": ", ".join(missing)})
    if problems:
        raise ValidationError(problems)
    contact = {
        "name": row["contact_name"],
        "email": row["contact_email"],
        "phone": row["contact_phone"],
    }
    initial = {"status": status, "status_changed_on": status_since}
    return fields, initial, [topics[n.casefold()] for n in names], contact


def import_register(text):
    """Import a partner list (CSV text). Nothing is stored unless every row is valid."""
    result = ImportResult()
    topics = {t.name.casefold(): t for t in Topic.objects.all()}
    parsed, first_line = [], {}
    try:
        for line, row, surplus in _read_rows(text):
            problems = []
            if surplus:
                problems.append(
                    _t(
                        "%(count)d Werte mehr, als die Kopfzeile Spalten hat (%(values)s); "
                        "enthält ein Name das Trennzeichen ohne Anführungszeichen?"
                    )
                    % {"count": len(surplus), "values": ", ".join(surplus)}
                )
            key = row["name"].casefold()
            if key and key in first_line:
                problems.append(
                    _t("„%(name)s“ steht schon in Zeile %(first)d.")
                    % {"name": row["name"], "first": first_line[key]}
                )
            first_line.setdefault(key, line)
            try:
                parsed.append(_parse(row, topics))
            except ValidationError as error:
                problems[:0] = error.messages
            if problems:
                result.errors.append(
                    _t("Zeile %(line)d: %(problems)s")
                    % {"line": line, "problems": " ".join(problems)}
                )
    except ValidationError as error:
        result.errors.extend(error.messages)
    if not parsed and not result.errors:
        result.errors.append(_t("Zeile 2: Die Datei enthält keine Einträge, nur die Kopfzeile."))
    if result.errors:
        return result
    with transaction.atomic():
        for fields, initial, row_topics, contact in parsed:
            _store(result, fields, initial, row_topics, contact)
    return result


def _store(result, fields, initial, topics, contact):
    member = Member.objects.filter(name__iexact=fields["name"]).first()
    if member is None:
        # The imported list is the state before this register: its status is taken as given.
        member = Member(**initial, **fields)
        result.created += 1
    else:
        for name, value in fields.items():
            setattr(member, name, value)
        result.updated += 1
    member.save()
    if topics:
        # Parental many-to-many changes are written by the next save.
        member.topics.add(*topics)
        member.save()
    if contact["name"]:
        person, _created = ContactPerson.objects.get_or_create(member=member, name=contact["name"])
        person.email, person.phone = contact["email"], contact["phone"]
        person.save()
