"""URL -> outlet: host normalisation, archive and AMP unwrapping, and the registrable domain (eTLD+1).

The steps are those of outlet-priors.md §4.4 (in ../shared/design/).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import parse_qs, urlsplit

import idna
import tldextract

# §4.4 step 1: prefixes that name the same site, not a different publisher.
SAME_SITE_PREFIXES = frozenset({"www", "www2", "www3", "m", "mobile", "amp"})
# §4.4 step 2: a subdomain or path on these platforms is a different publisher, so nothing is inherited.
# (PSL private suffixes such as blogspot.com and github.io are already split off by tldextract.)
USER_CONTENT_PLATFORMS = frozenset(
    {
        "blogspot.com",
        "github.io",
        "wordpress.com",
        "substack.com",
        "tumblr.com",
        "wixsite.com",
        "medium.com",
        "youtube.com",
        "facebook.com",
        "x.com",
        "twitter.com",
        "t.me",
        "telegra.ph",
        "google.com",
        "sites.google.com",
    }
)
ARCHIVE_HOSTS = frozenset(
    {"archive.ph", "archive.today", "archive.is", "archive.li", "archive.md", "archive.vn"}
)
AMP_CACHE_SUFFIX = ".cdn.ampproject.org"
MAX_UNWRAP_DEPTH = 4  # an archive of an AMP page of a redirect is the deepest nesting seen in practice
MAX_HOST_LENGTH = 253  # RFC 1035 limit on a full domain name
_HOST_RE = re.compile(
    r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)+$"
)
_DOTTED_NUMBER_RE = re.compile(r"^[0-9.]+$")
_WAYBACK_RE = re.compile(r"^/web/[0-9]{1,14}[a-z_]*/(.+)$")
_ARCHIVE_RE = re.compile(r"^/[0-9]{4,14}/(.+)$")
_AMP_RE = re.compile(r"^/[cv]/(?:s/)?(.+)$")
_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# "mailto:", "javascript:", "data:" ... name no publisher; "host:8080" is a host with a port.
_OPAQUE_URI_RE = re.compile(r"^[a-z][a-z0-9+.-]*:(?!//)(?![0-9]+(?:[/?#]|$))", re.IGNORECASE)


@functools.cache
def _extractor() -> tldextract.TLDExtract:
    # Offline: no suffix-list download and no disk cache; the bundled PSL snapshot is used.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def _ascii_host(raw: str) -> str | None:
    host = raw.strip().rstrip(".").lower()
    if not host or len(host) > MAX_HOST_LENGTH:
        return None
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError):
            return None
    if not _HOST_RE.match(host):
        return None  # IPv6 literals end here too: ':' is not a host-name character
    if _DOTTED_NUMBER_RE.match(host):
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return host
        return None  # an IP address names a machine, not a publisher
    return host


def _unwrapped(host: str, path: str, query: str) -> str | None:
    """The URL that an archive, AMP cache or redirect wraps, or None when the URL wraps nothing."""
    if host == "web.archive.org" and (m := _WAYBACK_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    if host in ARCHIVE_HOSTS and (m := _ARCHIVE_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    if host.endswith(AMP_CACHE_SUFFIX) and (m := _AMP_RE.match(path)):
        return m.group(1) + (f"?{query}" if query else "")
    bare = host.removeprefix("www.")
    is_google = bare.startswith("google.") and bare.count(".") <= 2  # google.com, google.co.uk, ...
    if is_google and path == "/url":
        params = parse_qs(query)
        for key in ("q", "url"):
            if params.get(key):
                return params[key][0]
    return None


def host_and_path(url_or_host: str, depth: int = 0) -> tuple[str, tuple[str, ...]] | None:
    """Normalised host (punycode, no port, no same-site prefix) and lowercased path segments."""
    text = url_or_host.strip()
    if not text or len(text.split(maxsplit=1)) > 1:  # whitespace inside: running text, not a URL
        return None
    if _OPAQUE_URI_RE.match(text):
        return None
    if not _SCHEME_RE.match(text):
        text = "//" + text
    try:
        parts = urlsplit(text)
        _ = parts.port  # a malformed port means a malformed URL
    except ValueError:
        return None
    if parts.hostname is None:
        return None
    host = _ascii_host(parts.hostname)
    if host is None:
        return None
    if depth < MAX_UNWRAP_DEPTH and (inner := _unwrapped(host, parts.path, parts.query)) is not None:
        return host_and_path(inner, depth + 1)
    labels = host.split(".")
    while len(labels) > 2 and labels[0] in SAME_SITE_PREFIXES:
        stripped = ".".join(labels[1:])
        if registrable_of_host(stripped) is None:
            break
        labels = labels[1:]
    segments = tuple(s for s in parts.path.lower().split("/") if s)
    return ".".join(labels), segments


def registrable_of_host(host: str) -> str | None:
    found: str = _extractor()(host).top_domain_under_public_suffix
    return found or None


def registrable_domain(url_or_host: str) -> str | None:
    """The registrable domain (eTLD+1) of a URL or host name: "https://uk.reuters.com/x" -> "reuters.com".

    Returns None for text that is not a URL or host name, for IP addresses and for hosts without a public
    suffix. Internationalised names come back in punycode; archive and AMP-cache wrappers are unwrapped.
    """
    found = host_and_path(url_or_host)
    return None if found is None else registrable_of_host(found[0])


def table_key(url_or_host: str) -> str | None:
    """The key under which the table stores a host or host/path row ("www.X.com/News/" -> "x.com/news")."""
    found = host_and_path(url_or_host)
    if found is None:
        return None
    host, segments = found
    return "/".join((host, *segments))
