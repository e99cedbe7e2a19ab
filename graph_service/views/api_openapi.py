"""The OpenAPI 3 document of the named-query API and the SPARQL endpoint."""

from __future__ import annotations

from flask import url_for

from graph_service.public_query.formats import formats_for

# OpenAPI schema of each parameter type of a named query.
SCHEMAS = {
    "iri": {"type": "string", "format": "uri"},
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "format": "date"},
    "boolean": {"type": "boolean"},
    "language": {"type": "string", "pattern": "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"},
}
ERROR = {"$ref": "#/components/schemas/Error"}


def _error_response(text: str) -> dict:
    return {"description": text, "content": {"application/json": {"schema": ERROR}}}


def _operation(query, form: str | None) -> dict:
    parameters = []
    for param in query.params:
        schema = dict(SCHEMAS[param.type])
        if param.default is not None:
            schema["default"] = param.default
        parameters.append(
            {
                "name": param.name,
                "in": "query",
                "required": param.required,
                "description": param.help,
                "schema": schema,
            }
        )
    formats = formats_for(form)
    parameters.append(
        {
            "name": "format",
            "in": "query",
            "required": False,
            "description": "Result format; overrides the Accept header.",
            "schema": {"type": "string", "enum": [f.name for f in formats]},
        }
    )
    return {
        "get": {
            "operationId": query.name,
            "summary": query.title,
            "description": query.description,
            "tags": ["named queries"],
            "parameters": parameters,
            "responses": {
                "200": {
                    "description": f"The answer of the {form} query.",
                    "content": {
                        f.media_type: {"schema": {"type": "string"}} for f in formats
                    },
                },
                "400": _error_response("A parameter value is missing or invalid."),
            },
        }
    }


def _sparql_path() -> dict:
    query_param = {
        "name": "query",
        "in": "query",
        "required": False,
        "description": "A SPARQL 1.1 query; without it the Service Description.",
        "schema": {"type": "string"},
    }
    errors = {
        "400": _error_response("Syntax error, refused query or a limit reached."),
        "406": _error_response("No acceptable result format."),
        "415": _error_response("Unsupported request body."),
        "429": _error_response("Too many queries from one address."),
        "503": _error_response("Every query worker is busy; see Retry-After."),
        "504": _error_response("The query ran past QUERY_TIME_LIMIT."),
    }
    body = {
        "content": {
            "application/sparql-query": {"schema": {"type": "string"}},
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}},
                    "required": ["query"],
                }
            },
        }
    }
    ok = {"200": {"description": "The answer, in the negotiated format."}}
    return {
        "get": {
            "operationId": "sparqlQuery",
            "summary": "SPARQL 1.1 Protocol query",
            "tags": ["SPARQL"],
            "parameters": [query_param],
            "responses": ok | errors,
        },
        "post": {
            "operationId": "sparqlQueryPost",
            "summary": "SPARQL 1.1 Protocol query by POST",
            "tags": ["SPARQL"],
            "requestBody": body,
            "responses": ok | errors,
        },
    }


def openapi_document(queries, form_of) -> dict:
    """The whole document: one path per named query, plus ``/sparql``."""
    paths = {"/sparql": _sparql_path()}
    for query in queries:
        paths[f"/api/queries/{query.name}"] = _operation(query, form_of(query))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "WijkWijzer knowledge graph API",
            "version": "1",
            "description": "Named SPARQL queries of the WijkWijzer knowledge graph, "
            "each with typed parameters, and the public SPARQL endpoint.",
        },
        "servers": [{"url": url_for("home.index", _external=True).rstrip("/")}],
        "paths": paths,
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "type": {"type": "string"},
                                "message": {"type": "string"},
                            },
                            "required": ["status", "type", "message"],
                        }
                    },
                }
            }
        },
    }
