"""OParl 1.1 objects built from the alliance's bodies, sessions and consented people.

The alliance itself is the one OParl Body; its bodies (plenary, board, circles, groups) are
Organizations, sessions are Meetings and resolutions are Papers.
"""

from django.conf import settings
from django.urls import reverse

from cms.api import display

SCHEMA = "https://schema.oparl.org/1.1/"
BODY_KEY = "buendnis"


def absolute(request, name, *args):
    return request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def _stamp(obj, created, modified):
    if created:
        obj["created"] = created.isoformat()
    if modified:
        obj["modified"] = modified.isoformat()
    return obj


def _page_stamp(obj, page):
    created = page.first_published_at or page.latest_revision_created_at
    return _stamp(obj, created, page.last_published_at or created)


def deleted(request, kind, name, pk, modified):
    """Unpublished objects stay listed as deleted so mirrors can remove them."""
    return _stamp(
        {"id": absolute(request, name, pk), "type": SCHEMA + kind, "deleted": True},
        None,
        modified,
    )


def system(request):
    return {
        "id": absolute(request, "system"),
        "type": SCHEMA + "System",
        "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": absolute(request, "body-list"),
        "name": settings.WAGTAIL_SITE_NAME,
        "website": request.build_absolute_uri("/"),
        "product": "https://wagtail.org/",
        "web": request.build_absolute_uri("/"),
    }


def body(request, home, office_email=""):
    lists = {
        "organization": "organization-list",
        "person": "person-list",
        "meeting": "meeting-list",
        "paper": "paper-list",
        "agendaItem": "agendaitem-list",
        "membership": "membership-list",
        "locationList": "location-list",
        "legislativeTermList": "legislativeterm-list",
    }
    obj = {
        "id": absolute(request, "body", BODY_KEY),
        "type": SCHEMA + "Body",
        "system": absolute(request, "system"),
        "name": settings.WAGTAIL_SITE_NAME,
        "shortName": "Bündnis",
        "website": request.build_absolute_uri("/"),
        "legislativeTerm": [],
        "classification": "Bündnis",
        "web": home.get_full_url(request) if home else request.build_absolute_uri("/"),
        **{key: absolute(request, name, BODY_KEY) for key, name in lists.items()},
    }
    if office_email:
        obj["contactEmail"] = office_email
    return _page_stamp(obj, home) if home else obj


def organization(request, page):
    obj = {
        "id": absolute(request, "organization", page.pk),
        "type": SCHEMA + "Organization",
        "body": absolute(request, "body", BODY_KEY),
        "name": page.title,
        "organizationType": "Gremium",
        "classification": display(page, "kind"),
        "meeting": absolute(request, "meeting-list", BODY_KEY) + f"?organization={page.pk}",
        "membership": [absolute(request, "membership", seat.pk) for seat in page.oparl_memberships],
        "web": page.get_full_url(request),
    }
    if page.short_name:
        obj["shortName"] = page.short_name
    if page.established_by_id:
        obj["subOrganizationOf"] = absolute(request, "organization", page.established_by_id)
    return _page_stamp(obj, page)


def person(request, person):
    """Only people who consented reach this function; it shows their public name only."""
    obj = {
        "id": absolute(request, "person", person.pk),
        "type": SCHEMA + "Person",
        "body": absolute(request, "body", BODY_KEY),
        "name": person.display_name,
        "membership": [membership(request, seat) for seat in person.oparl_memberships],
    }
    if person.function:
        obj["status"] = [person.function]
    return _stamp(obj, person.created_at, person.updated_at)


def membership(request, seat):
    obj = {
        "id": absolute(request, "membership", seat.pk),
        "type": SCHEMA + "Membership",
        "person": absolute(request, "person", seat.person_id),
        "organization": absolute(request, "organization", seat.body_id),
        "role": display(seat, "role"),
    }
    if seat.start_date:
        obj["startDate"] = seat.start_date.isoformat()
    if seat.end_date:
        obj["endDate"] = seat.end_date.isoformat()
    return _page_stamp(obj, seat.body)


def location(request, loc):
    obj = {
        "id": absolute(request, "location", loc.pk),
        "type": SCHEMA + "Location",
        "description": loc.name,
        "streetAddress": loc.street,
        "postalCode": loc.postcode,
        "locality": loc.town,
    }
    if loc.latitude is not None and loc.longitude is not None:
        obj["geojson"] = {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(loc.longitude), float(loc.latitude)],
            },
            "properties": {"name": loc.name},
        }
    return _stamp(obj, loc.created_at, loc.updated_at)


def agenda_item(request, item, session, order):
    obj = {
        "id": absolute(request, "agendaitem", item.pk),
        "type": SCHEMA + "AgendaItem",
        "meeting": absolute(request, "meeting", session.pk),
        "number": item.number,
        "order": order,
        "name": item.title,
        "public": True,
    }
    return _page_stamp(obj, session)


def meeting(request, session):
    obj = {
        "id": absolute(request, "meeting", session.pk),
        "type": SCHEMA + "Meeting",
        "name": session.title,
        "meetingState": display(session, "status"),
        "cancelled": session.is_cancelled,
        "start": session.start.isoformat(),
        "organization": [absolute(request, "organization", session.oparl_body_id)],
        "agendaItem": [
            agenda_item(request, item, session, order)
            for order, item in enumerate(session.public_agenda_items(), 1)
        ],
        "web": session.get_full_url(request),
    }
    if session.end:
        obj["end"] = session.end.isoformat()
    if session.location:
        obj["location"] = location(request, session.location)
    return _page_stamp(obj, session)


def paper(request, resolution, session):
    obj = {
        "id": absolute(request, "paper", resolution.pk),
        "type": SCHEMA + "Paper",
        "body": absolute(request, "body", BODY_KEY),
        "name": resolution.title,
        "reference": resolution.number,
        "date": session.start.date().isoformat(),
        "paperType": f"Beschluss ({display(resolution, 'outcome')})",
        "underDirectionOf": [absolute(request, "organization", session.oparl_body_id)],
        "keyword": [display(resolution, "kind")],
    }
    return _page_stamp(obj, session)
