"""The web app for analysts who do not use Python: pages and an HTTP API over corridor
(:func:`create_app`, :func:`serve`; ``corridor serve``)."""

from corridor.web.app import create_app, serve

__all__ = ["create_app", "serve"]
