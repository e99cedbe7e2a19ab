"""WijkWijzer knowledge graph service: store, named queries, web app and CLI."""
