"""The dashboard: built static files live in ``static/`` (made by ``npm run build``, not committed)."""
