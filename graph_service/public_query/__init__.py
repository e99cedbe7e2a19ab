"""Public SPARQL: untrusted queries checked here, evaluated in worker processes.

``scan`` reads a query without running it; ``formats`` negotiates result
formats; ``workers`` keeps the engine processes and their data checkpoint;
``service`` puts it together with the limits: the web views call
``PublicQueries.run`` and get bytes back, or one of our own errors.
"""
