"""The plain query path of ``/sparql``, answered beside Flask rather than through it.

A query sent by GET or POST (form or direct) that needs nothing but an
answer is the endpoint's busiest request, and Flask's per-request machinery
(request and response objects, URL matching, hooks) cost about as much CPU
as everything the endpoint itself does for a one-row query. This WSGI layer
answers such requests with the same service, checks, negotiation and headers
as the view (``views/sparql.py``), and hands every other request to Flask
untouched: no query, an HTML answer, ``?format=``, a conditional request,
HEAD, a body that is not plainly a query, anything the view would refuse
before running it. An error raised while checking or running a query (a
refusal, a limit, a busy pool, a timeout) is rendered by Flask's own error
handlers, so every error keeps the one shape and language of the rest of
the endpoint. ``tests/sparql/test_sparql_lane.py`` holds the two paths to
the same answers.
"""

from __future__ import annotations

import io
from urllib.parse import parse_qsl

from flask import Flask
from werkzeug.http import parse_options_header

from graph_service.public_query.formats import HTML, negotiate
from graph_service.public_query.service import Dataset
from graph_service.views.sparql_http import CORS_HEADERS, COUNTED

_PATHS = ("/sparql", "/sparql/")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_CORS = list(CORS_HEADERS.items())


class _Delegate(Exception):
    """This request is not a plain query: Flask answers it."""


class QueryLane:
    """WSGI middleware: plain ``/sparql`` queries here, the rest to ``wrapped``."""

    def __init__(self, app: Flask, wrapped):
        self.app = app
        self.wrapped = wrapped

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if environ.get("PATH_INFO") not in _PATHS or method not in ("GET", "POST"):
            return self.wrapped(environ, start_response)
        from graph_service.views.sparql import body_limit, valid_graph_iri

        try:
            fields, text = _read(environ, method, body_limit(self.app.config))
            default = fields.get("default-graph-uri", [])
            named = fields.get("named-graph-uri", [])
            if not all(valid_graph_iri(g) for g in default + named):
                raise _Delegate()
        except _Delegate:
            return self.wrapped(environ, start_response)
        dataset = Dataset(tuple(default), tuple(named))
        with self.app.app_context() as context:
            context.g.lane_request = environ
            try:
                status, headers, answer = self._answer(environ, text, dataset, method)
            except _Delegate:
                answer = None
            except Exception as error:  # rendered as Flask would render it
                return self._flask_error(environ, start_response, error)
        if answer is None:
            return self.wrapped(environ, start_response)
        headers.extend(_CORS)
        start_response(status, headers)
        return [answer]

    def _answer(self, environ, text: str, dataset: Dataset, method: str):
        from graph_service.views.sparql import answer_headers

        service = self.app.extensions["public_queries"]
        limiter = self.app.extensions["query_rate_limit"]
        if limiter.take(environ.get("REMOTE_ADDR") or ""):
            # A refused take spends nothing: the view takes again and says 429.
            raise _Delegate()
        environ[COUNTED] = True
        found = service.check(text)
        reads = method == "GET"
        fmt = negotiate(found.form, environ.get("HTTP_ACCEPT"), None, reads)
        if fmt is HTML:
            raise _Delegate()
        etag = service.etag(found, dataset, fmt) if reads else None
        body = service.run(found, fmt, dataset)
        headers = [
            ("Content-Type", fmt.content_type),
            ("Content-Length", str(len(body))),
        ]
        headers.extend(answer_headers(fmt, etag, None))
        return "200 OK", headers, body

    def _flask_error(self, environ, start_response, error: Exception):
        """Answer ``error`` through Flask's handlers, as if the view had raised it."""
        app = self.app
        with app.request_context(environ):
            try:
                response = app.finalize_request(app.handle_user_exception(error))
            except Exception as unhandled:
                response = app.handle_exception(unhandled)
            return response(environ, start_response)


def _read(environ, method: str, limit: int):
    """The fields, the query and the body of a plain query request.

    Raises ``_Delegate`` for anything else.
    """
    args = _fields(environ.get("QUERY_STRING", ""))
    if "format" in args or "update" in args or "HTTP_IF_NONE_MATCH" in environ:
        raise _Delegate()
    queries = args.get("query", [])
    if method == "POST":
        length = environ.get("CONTENT_LENGTH")
        if not length or not length.isdigit() or int(length) > limit:
            raise _Delegate()
        kind, params = parse_options_header(environ.get("CONTENT_TYPE", ""))
        if kind not in (_FORM, _DIRECT):
            raise _Delegate()
        body = environ["wsgi.input"].read(int(length))
        # Whatever happens next, Flask must still find the body (and a body
        # cut short must still look cut short to it).
        environ["wsgi.input"] = io.BytesIO(body)
        if len(body) != int(length):
            raise _Delegate()
        if kind == _FORM:
            form = _fields(body.decode("latin-1"))
            if "update" in form:
                raise _Delegate()
            for name, values in args.items():
                form.setdefault(name, []).extend(values)
            args, queries = form, form.get("query", [])
        else:
            if params.get("charset", "utf-8").lower() not in ("utf-8", "utf8"):
                raise _Delegate()
            try:
                queries = [body.decode("utf-8")] + queries
            except UnicodeDecodeError:
                raise _Delegate() from None
    if len(queries) != 1 or not queries[0].strip():
        raise _Delegate()
    return args, queries[0]


def _fields(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for name, value in parse_qsl(text, keep_blank_values=True, errors="replace"):
        fields.setdefault(name, []).append(value)
    return fields
