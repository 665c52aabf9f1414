"""Where webhooks may go: public HTTP(S) addresses only, checked on save and again on connect.

A webhook is a request the server makes on an editor's word. Without these checks an endpoint
could point at the server itself, the cloud metadata service (169.254.169.254) or the internal
network, and each delivery would carry the signature headers there. The address is checked
when the endpoint is saved and again for every connection, because a name can resolve
differently later (DNS rebinding); the connection then goes to the address that was checked,
with the name kept for the Host header and TLS (SNI, certificate). Redirects are never
followed: a 3xx answer counts as a failed delivery.

`WEBHOOK_ALLOW_PRIVATE_TARGETS = True` lifts the address check (never the scheme check) for
a consumer on the same host or network; the test receivers on 127.0.0.1 use it.
"""

import http.client
import ipaddress
import socket
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SCHEMES = {"http", "https"}


class UnsafeTarget(OSError):
    """Raised at connect time; urllib reports it like any other connection error."""


def is_public(address):
    """True for a globally routable unicast address, also behind IPv4-mapped or 6to4 forms."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo and ip.teredo[1])
        if embedded and not is_public(embedded):
            return False
    return ip.is_global and not ip.is_multicast


def private_targets_allowed():
    return getattr(settings, "WEBHOOK_ALLOW_PRIVATE_TARGETS", False)


def resolve(host, port):
    """Every address `host` resolves to, in the resolver's order (IP literals as they are)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def refused_addresses(addresses):
    if private_targets_allowed():
        return []
    return [address for address in addresses if not is_public(address)]


def check_url(url):
    """Refuse a URL that is not HTTP(S) or whose host is, or resolves to, a non-public address.

    A name that does not resolve (yet) is accepted here; the connection checks it again.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        raise ValidationError(_("Nur http- und https-Adressen mit einem Servernamen sind erlaubt."))
    try:
        addresses = resolve(parts.hostname, parts.port or 443)
    except (OSError, UnicodeError):
        return
    refused = refused_addresses(addresses)
    if refused:
        raise ValidationError(
            _(
                "„%(host)s“ zeigt auf eine interne Adresse (%(addresses)s). Webhooks gehen nur an "
                "öffentlich erreichbare Server."
            )
            % {"host": parts.hostname, "addresses": ", ".join(refused)}
        )


def connect_checked(address, timeout, source_address=None):
    """`socket.create_connection` that resolves once, checks, and connects to a checked address."""
    host, port = address
    addresses = resolve(host, port)
    refused = refused_addresses(addresses)
    if refused:
        raise UnsafeTarget(
            _("%(host)s zeigt auf eine interne Adresse (%(addresses)s); nicht zugestellt.")
            % {"host": host, "addresses": ", ".join(refused)}
        )
    error = None
    for checked in addresses:
        try:
            return socket.create_connection((checked, port), timeout, source_address)
        except OSError as failure:
            error = failure
    raise error or UnsafeTarget(_("%(host)s hat keine Adresse.") % {"host": host})


class CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class CheckedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address; the certificate is verified for the name in the URL."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, request):
        return self.do_open(CheckedHTTPConnection, request)


class CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, request):
        return self.do_open(CheckedHTTPSConnection, request, context=self._context)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the signed payload elsewhere: the 3xx becomes an HTTPError."""

    def redirect_request(self, *args, **kwargs):
        return None


def opener():
    """HTTP(S) only, to checked addresses, no redirects, no proxy from the environment.

    Built by hand rather than with `build_opener`, which would add file:, ftp: and data:.
    """
    director = urllib.request.OpenerDirector()
    for handler in (
        CheckedHTTPHandler(),
        CheckedHTTPSHandler(),
        NoRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.UnknownHandler(),
    ):
        director.add_handler(handler)
    return director
