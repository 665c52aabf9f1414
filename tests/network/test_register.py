import codecs
import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from network.models import ContactPerson, Member, Topic
from network.register import decode_csv, import_register
from network.workflow import MemberStatus

pytestmark = pytest.mark.django_db

LIST_URL = reverse("wagtailsnippets_network_member:list")

GOOD_CSV = """Name;Art;Beziehung;Status;Gemeinde/Stadt;PLZ;Website;Themenfelder;Ansprechperson;E-Mail
Beispielverein Nord (fiktiv);Verein/Verband;Bündnispartner;aufgenommen;Zwickau;08056;https://nord.example;"Bildung; Asylrecht";Frau Beispiel;nord@example.org
Beispielinitiative Süd (fiktiv);initiative;Kontakt (kein Mitglied);;Crimmitschau;;;;;
"""

BAD_CSV = """Name;Art;Website;Themenfelder;E-Mail
Gut e.V. (fiktiv);Verein/Verband;;;
;Verein/Verband;;;
Schlecht e.V. (fiktiv);Raumschiff;keine-url;Astrologie;nicht-mail
Gut e.V. (fiktiv);;;;
"""


@pytest.fixture
def topics(db):
    return [Topic.objects.create(name=n) for n in ("Bildung", "Asylrecht")]


def staff(django_user_model, *codenames):
    user = django_user_model.objects.create_user(f"user-{len(codenames)}", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_member", *codenames])
    )
    return user


def test_import_creates_entries_and_is_idempotent(topics):
    result = import_register(GOOD_CSV)
    assert (result.ok, result.created, result.updated) == (True, 2, 0)
    nord = Member.objects.get(name="Beispielverein Nord (fiktiv)")
    assert nord.status == MemberStatus.ADMITTED
    assert {t.name for t in nord.topics.all()} == {"Bildung", "Asylrecht"}
    assert nord.contact_persons.get().email == "nord@example.org"
    assert Member.objects.get(name__startswith="Beispielinitiative").status == ""
    again = import_register(GOOD_CSV)
    assert (again.created, again.updated) == (0, 2)
    assert Member.objects.count() == 2
    assert ContactPerson.objects.count() == 1


def test_import_reports_every_bad_row_by_line_and_stores_nothing(topics):
    result = import_register(BAD_CSV)
    assert not result.ok
    assert [e.split(":")[0] for e in result.errors] == ["Zeile 3", "Zeile 4", "Zeile 5"]
    assert "Der Name fehlt" in result.errors[0]
    line4 = result.errors[1]
    for expected in ("Art „Raumschiff“ ist unbekannt", "Website", "Astrologie", "E-Mail-Adresse"):
        assert expected in line4
    assert "steht schon in Zeile 2" in result.errors[2]
    assert not Member.objects.exists()


def test_import_refuses_unknown_columns():
    result = import_register("Name;Lieblingsfarbe\nX;blau\n")
    assert result.errors == ["Zeile 1: Unbekannte Spalten: Lieblingsfarbe."]


def test_import_command_and_admin_view(tmp_path, admin_client, topics):
    path = tmp_path / "partner.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="Zeile 4"):
        call_command("import_partners", str(path), stdout=io.StringIO())
    response = admin_client.post(
        reverse("network_member_import"),
        {"file": SimpleUploadedFile("p.csv", BAD_CSV.encode())},
    )
    assert "Zeile 3: Der Name fehlt." in response.content.decode()
    assert not Member.objects.exists()
    response = admin_client.post(
        reverse("network_member_import"),
        {"file": SimpleUploadedFile("p.csv", GOOD_CSV.encode("utf-8-sig"))},
        follow=True,
    )
    assert "2 angelegt, 0 aktualisiert" in response.content.decode()
    response = admin_client.post(
        reverse("network_member_import"),
        {"file": SimpleUploadedFile("p.csv", "Name\nM\xfcller".encode("latin-1"))},
    )
    assert "nicht UTF-8-kodiert" in response.content.decode()


def test_export_csv_and_xlsx_for_permitted_staff(client, django_user_model, make_member, topics):
    member = make_member(MemberStatus.ADMITTED, municipality="Zwickau")
    member.topics.add(topics[0])
    member.save()
    ContactPerson.objects.create(member=member, name="Frau Beispiel", email="fb@example.org")
    client.force_login(staff(django_user_model, "export_member"))
    listing = client.get(LIST_URL).content.decode()
    assert "Download CSV" in listing or "CSV herunterladen" in listing
    csv_text = decode_csv(b"".join(client.get(LIST_URL + "?export=csv").streaming_content))
    assert csv_text.splitlines()[0].startswith("Name;Art;Beziehung;Status;Status seit")
    assert "aufgenommen" in csv_text and "fb@example.org" in csv_text and "Bildung" in csv_text
    assert import_register(csv_text).ok  # the export can be imported again
    response = client.get(LIST_URL + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[2]][:2] == [member.name, "Verein/Verband"]


def test_export_forbidden_without_permission(client, django_user_model, make_member):
    make_member()
    client.force_login(staff(django_user_model))
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    assert "export=csv" not in listing.content.decode()
    assert client.get(LIST_URL + "?export=csv").status_code == 403
    assert client.get(LIST_URL + "?export=xlsx").status_code == 403


def test_register_filters_and_search(admin_client, make_member, topics):
    applied = make_member(municipality="Zwickau", name="Alpha e.V. (fiktiv)")
    admitted = make_member(MemberStatus.ADMITTED, municipality="Werdau", name="Beta e.V. (fiktiv)")
    admitted.topics.add(topics[1])
    admitted.save()

    def names(query):
        content = admin_client.get(LIST_URL + query).content.decode()
        return {m.name for m in (applied, admitted) if m.name in content}

    assert names("?status=admitted") == {admitted.name}
    assert names(f"?topics={topics[1].pk}") == {admitted.name}
    assert names("?municipality=Zwickau") == {applied.name}
    assert names("?relationship=member") == {applied.name, admitted.name}
    assert names("?q=Alpha") == {applied.name}


def test_export_queries_do_not_grow_with_the_register(
    admin_client, make_member, topics, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            member = make_member(MemberStatus.ADMITTED)
            member.topics.add(*topics)
            member.save()
            ContactPerson.objects.create(member=member, name="Kontakt (fiktiv)")

    add(2)
    with django_assert_max_num_queries(30) as small:
        b"".join(admin_client.get(LIST_URL + "?export=csv").streaming_content)
    add(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = b"".join(admin_client.get(LIST_URL + "?export=csv").streaming_content)
    assert rows.decode().count("Kontakt (fiktiv)") == 12


def test_csv_export_opens_in_german_excel_and_runs_no_formulas(admin_client, make_member):
    """UTF-8 with BOM, semicolons, German dates, a dated name; formula cells are neutralised."""
    member = make_member(
        MemberStatus.ADMITTED,
        name='=HYPERLINK("https://evil.example","Klick")',
        municipality="@Zwickau",
    )
    ContactPerson.objects.create(member=member, name="-Frau Beispiel", phone="+49 375 0000")
    response = admin_client.get(LIST_URL + "?export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="mitgliederverzeichnis-{today:%Y-%m-%d}.csv"'
    )
    data = b"".join(response.streaming_content)
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["Name"] == '\'=HYPERLINK("https://evil.example","Klick")'
    assert rows[0]["Gemeinde/Stadt"] == "'@Zwickau"
    assert (rows[0]["Ansprechperson"], rows[0]["Telefon"]) == ("'-Frau Beispiel", "'+49 375 0000")
    assert rows[0]["Status seit"] == "02.01.2026"  # the day make_member dates its steps
    xlsx = admin_client.get(LIST_URL + "?export=xlsx")
    assert xlsx["Content-Disposition"].endswith(
        f'filename="mitgliederverzeichnis-{today:%Y-%m-%d}.xlsx"'
    )

    # Read back, the register gets the original values, not the neutralised ones.
    member.name = "Umbenannt (fiktiv)"
    member.save()
    Member.objects.filter(pk=member.pk).update(name=member.name)
    assert import_register(data.decode("utf-8-sig")).ok
    again = Member.objects.get(name='=HYPERLINK("https://evil.example","Klick")')
    assert again.municipality == "@Zwickau"
    assert again.status_changed_on == datetime.date(2026, 1, 2)
    assert again.contact_persons.get().phone == "+49 375 0000"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised_and_restored(cell):
    from cms.spreadsheets import neutralise, restore

    assert neutralise(cell) == "'" + cell
    assert restore(neutralise(cell)) == cell
    assert neutralise("Verein") == restore("Verein") == "Verein"


def test_site_history_export_neutralises_names_from_the_application_form(admin_client):
    member = Member.objects.create(name="=cmd|' /C calc'!A0", municipality="Zwickau")
    log(instance=member, action="wagtail.create", user=admin_client.user)
    response = admin_client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv")
    data = b"".join(response.streaming_content)
    assert (
        f"aenderungsprotokoll-{timezone.localdate():%Y-%m-%d}.csv"
        in response["Content-Disposition"]
    )
    cells = [
        cell
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
        for cell in row
    ]
    assert "'=cmd|' /C calc'!A0" in cells
    assert member.name not in cells
