"""REST API and dashboard server (``salvo serve``)."""

from salvo.api.app import create_app

__all__ = ["create_app"]
