"""Fetch a feed document safely: the first stage of every harvest.

Plain ``requests`` follows redirects to 127.0.0.1, waits forever on a server
that trickles one byte a second and inflates a small gzip bomb without limit.
:func:`fetch` does not: it checks the address of every hop (private, loopback
and link-local addresses are refused unless the policy allows them), sends a
conditional GET, retries 5xx and 429 answers with backoff (``Retry-After``
wins), stops at a total deadline, caps the size of the body *after*
decompression and treats a body shorter than its ``Content-Length`` (or a
gzip stream that ends early) as an error, never as data.

A known limit: the address is checked when the name is resolved, and the
connection resolves it again, so a DNS server that answers differently within
milliseconds (DNS rebinding) could still steer one request.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from loaders.errors import BlockedAddressError, FetchError

logger = logging.getLogger(__name__)

REDIRECTS = {301, 302, 303, 307, 308}
MAX_HOPS = 5
CHUNK = 64 * 1024
USER_AGENT = "WijkWijzer-harvester/0.1 (+https://data.wijkwijzer.nl/)"


@dataclass(frozen=True)
class FetchPolicy:
    """The limits every fetch obeys; built from the HARVEST_* settings."""

    max_bytes: int = 256 * 1024**2
    timeout: float = 120.0
    retries: int = 3
    backoff: float = 1.0
    allow_private: bool = False

    @classmethod
    def from_config(cls, config: dict) -> FetchPolicy:
        """Read the policy from the service's settings."""
        return cls(
            max_bytes=int(config["HARVEST_MAX_BYTES"]),
            timeout=float(config["HARVEST_TIMEOUT"]),
            retries=int(config["HARVEST_RETRIES"]),
            backoff=int(config["HARVEST_BACKOFF_MS"]) / 1000,
            allow_private=bool(config["HARVEST_ALLOW_PRIVATE"]),
        )


@dataclass
class FetchResult:
    """One fetched document, or the news that it did not change (304)."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    cache_control: str = ""
    attempts: int = 1
    milliseconds: int = 0
    headers: dict = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """True when the server answered 304: nothing to do."""
        return self.status == 304

    @property
    def media_type(self) -> str:
        """The content type without parameters, lower case."""
        return self.content_type.split(";")[0].strip().lower()


def check_address(url: str, allow_private: bool) -> None:
    """Refuse URLs that are not http(s) or that resolve to a non-public address.

    >>> check_address("http://127.0.0.1/feed", allow_private=False)
    Traceback (most recent call last):
    ...
    loaders.errors.BlockedAddressError: <http://127.0.0.1/feed> resolves to ...
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BlockedAddressError(f"<{url}> is not an http or https URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, 0, 0, 6)
    except socket.gaierror as error:
        raise FetchError(f"<{url}>: cannot resolve {parts.hostname}: {error}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise BlockedAddressError(
                f"<{url}> resolves to {address}, a private, loopback or link-local "
                "address; set HARVEST_ALLOW_PRIVATE to allow it"
            )


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
    session: requests.Session | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; conditional when ``etag``/``last_modified`` given.

    Returns a :class:`FetchResult` (``status`` 304 with an empty body when the
    document did not change). Raises :class:`FetchError` naming the URL for
    every failure: blocked address, too many redirects, an error status after
    the last retry, the deadline, the size cap, or a truncated body.
    """
    started = time.monotonic()
    deadline = started + policy.timeout
    headers = {
        "User-Agent": USER_AGENT,
        "Accept": accept,
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_session = session is None
    session = session or requests.Session()
    session.trust_env = False  # no proxies or .netrc from the environment

    try:
        attempt = 0
        while True:
            attempt += 1
            response = _follow(session, url, headers, policy, deadline)
            if _should_retry(response.status_code) and attempt <= policy.retries:
                wait = _retry_wait(response, policy.backoff * 2 ** (attempt - 1))
                response.close()
                if time.monotonic() + wait > deadline:
                    raise FetchError(
                        f"<{url}> answered HTTP {response.status_code} and asks to "
                        f"wait {wait:.0f} s, beyond HARVEST_TIMEOUT "
                        f"({policy.timeout:.0f} s)"
                    )
                time.sleep(wait)
                continue
            return _finish(response, policy, deadline, started, attempt)
    finally:
        if own_session:
            session.close()


def _follow(session, url, headers, policy, deadline) -> requests.Response:
    """Send the GET, following redirects by hand so each hop is checked."""
    current = url
    for _ in range(MAX_HOPS + 1):
        check_address(current, policy.allow_private)
        remaining = _remaining(deadline, url, policy)
        try:
            response = session.get(
                current,
                headers=headers,
                stream=True,
                allow_redirects=False,
                timeout=(min(remaining, 10.0), min(remaining, 15.0)),
            )
        except requests.Timeout:
            raise FetchError(f"<{current}> did not answer in time") from None
        except requests.RequestException as error:
            raise FetchError(f"<{current}> could not be fetched: {error}") from None
        if response.status_code in REDIRECTS and "Location" in response.headers:
            response.close()
            current = urljoin(current, response.headers["Location"])
            continue
        response.final_url = current
        return response
    raise FetchError(f"<{url}> redirects more than {MAX_HOPS} times")


def _should_retry(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


def _retry_wait(response: requests.Response, backoff: float) -> float:
    """Seconds to wait: the server's Retry-After (seconds or a date) or backoff."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    if value:
        when = email.utils.parsedate_to_datetime(value)
        if when is not None:
            return max(0.0, when.timestamp() - time.time())
    return backoff


def _remaining(deadline: float, url: str, policy: FetchPolicy) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(
            f"<{url}> took longer than HARVEST_TIMEOUT ({policy.timeout:.0f} s)"
        )
    return remaining


def _finish(response, policy, deadline, started, attempts) -> FetchResult:
    """Read the body within the limits, or explain why not."""
    url = response.final_url
    result = FetchResult(
        url=url,
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        cache_control=response.headers.get("Cache-Control", ""),
        attempts=attempts,
        headers=dict(response.headers),
    )
    try:
        if response.status_code == 304:
            return result
        if response.status_code >= 400:
            raise FetchError(f"<{url}> answered HTTP {response.status_code}")
        if response.status_code != 200:
            raise FetchError(f"<{url}> answered HTTP {response.status_code}, not 200")
        result.body = _read_body(response, url, policy, deadline)
    finally:
        response.close()
        result.milliseconds = int((time.monotonic() - started) * 1000)
    return result


def _read_body(response, url: str, policy: FetchPolicy, deadline: float) -> bytes:
    """Read raw bytes, decompress them ourselves, and check every limit."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    inflater = Inflater(url, policy.max_bytes, encoding)
    declared = response.headers.get("Content-Length")
    received = 0
    raw = response.raw
    while True:
        _remaining(deadline, url, policy)
        try:
            chunk = raw.read1(CHUNK, decode_content=False)
        except Exception as error:  # urllib3 raises several kinds mid-body
            if "timed out" in str(error).lower():
                raise FetchError(
                    f"<{url}> stopped sending before the body was complete"
                ) from None
            raise FetchError(f"<{url}>: the body is truncated ({error})") from None
        if not chunk:
            break
        received += len(chunk)
        if received > policy.max_bytes:
            raise FetchError(
                f"<{url}> is larger than HARVEST_MAX_BYTES ({policy.max_bytes} bytes)"
            )
        inflater.feed(chunk)
    if declared is not None and declared.isdigit() and received < int(declared):
        raise FetchError(
            f"<{url}>: the body is truncated ({received} of {declared} bytes)"
        )
    return inflater.finish()


class Inflater:
    """Decompress gzip or deflate incrementally, never beyond ``limit`` bytes."""

    def __init__(self, name: str, limit: int, encoding: str = "gzip"):
        self.name = name
        self.limit = limit
        self.encoding = encoding
        self.parts: list[bytes] = []
        self.size = 0
        if encoding in {"identity", ""}:
            self._z = None
        elif encoding in {"gzip", "x-gzip"}:
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            raise FetchError(f"<{name}> uses Content-Encoding {encoding!r}")

    def feed(self, data: bytes) -> None:
        """Add compressed bytes; raise FetchError past the limit."""
        if self._z is None:
            self._keep(data)
            return
        try:
            while data:
                out = self._z.decompress(data, self.limit - self.size + 1)
                self._keep(out)
                data = self._z.unconsumed_tail
        except zlib.error as error:
            raise FetchError(
                f"<{self.name}>: broken {self.encoding} data: {error}"
            ) from None

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            raise FetchError(
                f"<{self.name}> is larger than HARVEST_MAX_BYTES ({self.limit} "
                "bytes) once decompressed"
            )
        self.parts.append(data)

    def finish(self) -> bytes:
        """The whole decompressed body; a stream that ended early is an error."""
        if self._z is not None and not self._z.eof:
            raise FetchError(f"<{self.name}>: the {self.encoding} stream is truncated")
        return b"".join(self.parts)


def gunzip(data: bytes, name: str, limit: int) -> bytes:
    """Decompress a gzip file (such as ``sitemap.xml.gz``) within ``limit`` bytes."""
    inflater = Inflater(name, limit, "gzip")
    inflater.feed(data)
    return inflater.finish()
