"""Template helpers of the visitor site: teasers, body sessions, JSON-LD."""

import json
from datetime import timedelta

from django import template
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from wagtail.models import Site

from cms.cache import per_content_version_until
from cms.visibility import is_public_page, public_q
from events import calendar
from events.models import SessionPage
from events.periods import period_text
from home.models import AllianceSettings, NewsPage
from network.models import PartnerPage, Topic

register = template.Library()


@register.filter
def jsonld(data):
    """A schema.org block; '<' is escaped so no text can close the script element."""
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _address(location):
    if location is None:
        return None
    return {
        "@type": "Place",
        "name": location.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "postalCode": location.postcode,
            "addressLocality": location.town,
            "addressCountry": "DE",
        },
    }


def _site_name(context, page):
    """The name of the site the page is served on: Wagtail found that site for the request
    already, while `page.get_site()` reads it again."""
    site = Site.find_for_request(context["request"]) or page.get_site()
    return site.site_name


@register.simple_tag(takes_context=True)
def organisation_jsonld(context):
    request = context["request"]
    office = AllianceSettings.for_request(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": _site_name(context, context["page"]) or context["page"].title,
        "url": request.build_absolute_uri("/"),
        "areaServed": "Landkreis Zwickau",
    }
    if office.office_email:
        data["email"] = office.office_email
    return jsonld(data)


def _schema_date(moment, all_day):
    """All-day entries are dates in schema.org; a midnight time would claim a start hour."""
    local = localtime(moment)
    return local.date().isoformat() if all_day else local.isoformat()


def _organiser(member, request):
    data = {"@type": "Organization", "name": member.name}
    partner = getattr(member, "partner_page", None)
    if is_public_page(partner):
        data["url"] = request.build_absolute_uri(partner.url)
    return data


@register.simple_tag(takes_context=True)
def event_jsonld(context, event):
    """An Event for an event or session page; sessions are organised by their body."""
    request = context["request"]
    all_day = getattr(event, "all_day", False)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _schema_date(event.start, all_day),
        "url": request.build_absolute_uri(event.url),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/"
        + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
    }
    if event.end:
        data["endDate"] = _schema_date(event.end, all_day)
    if getattr(event, "intro", ""):
        data["description"] = strip_tags(event.intro)
    if event.location:
        data["location"] = _address(event.location)
    if isinstance(event, SessionPage):
        body = event.body
        organisers = [{"@type": "Organization", "name": body.title, "url": body.full_url}]
    else:
        organisers = [_organiser(member, request) for member in event.public_organisers()]
    if organisers:
        data["organizer"] = organisers
    return jsonld(data)


@register.simple_tag(takes_context=True)
def partner_jsonld(context, partner):
    """The profile's schema.org block, kept with its content (it reads the register entry)."""
    request = context["request"]

    def render():
        member = partner.member
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": member.name,
            "url": request.build_absolute_uri(partner.url),
            "memberOf": {"@type": "Organization", "name": _site_name(context, partner)},
        }
        if member.website:
            data["sameAs"] = member.website
        if member.municipality:
            data["address"] = {
                "@type": "PostalAddress",
                "addressLocality": member.municipality,
                "addressCountry": "DE",
            }
        return jsonld(data), None

    return kept_fragment(request, f"partner-jsonld:{partner.pk}", render)


@register.simple_tag
def period(entry):
    """When a session or event takes place, as a <time> element (a date only when all-day)."""
    all_day = getattr(entry, "all_day", False)
    return format_html(
        '<time datetime="{}">{}</time>',
        _schema_date(entry.start, all_day),
        period_text(entry.start, entry.end, all_day=all_day),
    )


@register.simple_tag
def next_sessions(limit=3):
    return calendar.upcoming_sessions(limit)


@register.simple_tag
def next_events(limit=3):
    return calendar.upcoming_events(limit)


@register.simple_tag
def latest_news(limit=3, parent=None):
    news = NewsPage.objects.visible_to_public()
    if parent is not None:
        news = news.child_of(parent)
    return list(news.order_by("-date", "-pk")[:limit])


@register.simple_tag
def partner_count_by_topic():
    """Topics with the number of partners that have a published profile, largest first."""
    published = public_q(PartnerPage, "member__partner_page__")
    return list(
        Topic.objects.annotate(partners=Count("member", filter=published, distinct=True))
        .filter(partners__gt=0)
        .order_by("-partners", "name")
    )


@register.simple_tag
def body_sessions(body, now=None):
    return {
        "upcoming": calendar.upcoming_sessions(20, body=body, now=now),
        "past": calendar.past_sessions(body, now=now),
        "resolutions": calendar.body_resolutions(body),
    }


def start_of_next_day(now):
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(days=1)


def kept_fragment(request, name, render):
    """`render() -> (html, valid_until)`, kept per content version until `valid_until`.

    Keyed by `name`, the requested site (links are relative to it, the JSON-LD absolute) and
    the language (labels).
    The admin's preview renders the draft every time: its fields and relations as edited, not
    the published page's kept rendering.
    """
    if getattr(request, "is_preview", False):
        return mark_safe(render()[0])
    key = f"{name}:{request.scheme}://{request.get_host()}:{get_language()}"
    return mark_safe(per_content_version_until(key, render))


@register.simple_tag(takes_context=True)
def body_sections(context, body):
    """A body's seats, sessions and resolutions, rendered once and kept.

    They change with content, with the date (seats begin and end) and when the next session
    starts (it moves from upcoming to past); the rendered sections are kept until the first
    of these. Rendering them is most of a body page's cost: some sixty linked entries.
    """
    request = context["request"]

    def render():
        now = timezone.now()
        html = render_to_string(
            "network/includes/body_sections.html",
            {"page": body, "sessions": body_sessions(body, now)},
            request=request,
        )
        tomorrow = start_of_next_day(now)
        next_start = calendar.next_session_start(body, now=now)
        return html, min(tomorrow, next_start) if next_start else tomorrow

    return kept_fragment(request, f"body-sections:{body.pk}", render)


@register.simple_tag(takes_context=True)
def partner_profile(context, partner):
    """A partner profile's facts, topics, texts, consented contacts and current seats, rendered
    once and kept until content changes or the day ends (seats begin and end).

    Read and rendered on every request, they were what kept the profile the slowest page
    against `floor_wagtail` (docs/benchmarks.md).
    """
    request = context["request"]

    def render():
        html = render_to_string(
            "network/includes/partner_profile.html", {"page": partner}, request=request
        )
        return html, start_of_next_day(timezone.now())

    return kept_fragment(request, f"partner-profile:{partner.pk}", render)


@register.simple_tag
def public_members(body):
    """Current seats a visitor may see: organisations and consented persons only."""
    seats = body.current_memberships(public_only=True).select_related("member__partner_page")
    return [seat for seat in seats if seat.public_holder_name]


@register.simple_tag(takes_context=True)
def page_query(context, **changes):
    """The current query string with some parameters replaced (pagination, letters)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()
