"""A bounded same-site crawler over the Django test client: HTML, XML, JSON, iCal alike.

It discovers URLs instead of listing them, so every new public surface is crawled as it lands.
"""

import json
import re
from collections import deque
from urllib.parse import urlencode, urlsplit

from django.conf import settings

from tests.http import body_bytes

MAX_URLS = 2000
DETAILS_PER_OPERATION = 25
SEARCH_TERM = "SentinelLeak"
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/django-admin/")
SITE_HOSTS = {"testserver", "localhost", "127.0.0.1", "[::1]"}

ATTRIBUTE_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""", re.IGNORECASE)
ABSOLUTE_LINK = re.compile(r"""https?://[A-Za-z0-9.\-\[\]:]+/[^\s"'<>\\)]*""")
XML_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def same_site_path(link):
    """The path+query of a link if it stays on this site, else None."""
    link = link.strip().replace("&amp;", "&")
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in {"http", "https"}:
        return None
    if parts.netloc:
        base = urlsplit(settings.WAGTAILAPI_BASE_URL).netloc
        if parts.hostname not in SITE_HOSTS and parts.netloc != base:
            return None
    elif not link.startswith("/"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def links_in(text):
    found = ATTRIBUTE_LINK.findall(text) + ABSOLUTE_LINK.findall(text) + XML_LOC.findall(text)
    return {path for link in found if (path := same_site_path(link))}


def strings_in_json(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings_in_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in_json(item)
    elif isinstance(value, str):
        yield value


def ids_in_json(value):
    if isinstance(value, dict):
        if isinstance(value.get("id"), int | str):
            yield value["id"]
        for item in value.values():
            yield from ids_in_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from ids_in_json(item)


class Crawler:
    def __init__(self, client, headers=None):
        self.client = client
        self.headers = headers or {}
        self.queue = deque()
        self.seen = set()
        self.bodies = {}
        self.statuses = {}

    def add(self, path):
        if path not in self.seen and len(self.seen) < MAX_URLS:
            self.seen.add(path)
            self.queue.append(path)

    def fetch(self, path):
        response = self.client.get(path, headers=self.headers)
        text = body_bytes(response).decode("utf-8", errors="replace")
        self.statuses[path] = response.status_code
        self.bodies[path] = text
        return response, text

    def run(self, seeds):
        for seed in seeds:
            self.add(seed)
        while self.queue:
            path = self.queue.popleft()
            response, text = self.fetch(path)
            for link in self.discover(path, response, text):
                self.add(link)
        return self

    def discover(self, path, response, text):
        links = links_in(text)
        if "json" in response.get("Content-Type", ""):
            try:
                data = json.loads(text)
            except ValueError:
                return links
            links |= {p for s in strings_in_json(data) if (p := same_site_path(s))}
            if isinstance(data, dict) and "paths" in data and "openapi" in data:
                links |= self.openapi_requests(data)
        return links

    def openapi_requests(self, spec):
        """Every GET operation: plain, with each enum filter value, with search, and details."""
        prefix = (spec.get("servers") or [{}])[0].get("url", "").rstrip("/")
        requests = set()
        detail_paths = []
        for template, operations in spec["paths"].items():
            operation = operations.get("get")
            if operation is None:
                continue
            path = template if template.startswith(prefix) else prefix + template
            if "{" in path:
                detail_paths.append(path)
                continue
            requests.add(path)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                schema = parameter.get("schema", {})
                values = schema.get("enum") or [
                    e for option in schema.get("anyOf", []) for e in option.get("enum", [])
                ]
                if parameter["name"] in {"search", "q"}:
                    values = [SEARCH_TERM]
                for value in values[:10]:
                    requests.add(f"{path}?{urlencode({parameter['name']: value})}")
        for path in detail_paths:
            requests |= self.detail_requests(path)
        return requests

    def detail_requests(self, template):
        """Fill a detail template with ids from the matching list operation's response."""
        list_path = template[: template.index("{")]
        response, text = self.fetch(list_path)
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            return set()
        ids = list(dict.fromkeys(ids_in_json(json.loads(text))))[:DETAILS_PER_OPERATION]
        placeholder = re.compile(r"\{[^}]+\}")
        filled = {placeholder.sub(str(i), template, count=1) for i in ids}
        return {path for path in filled if "{" not in path}
