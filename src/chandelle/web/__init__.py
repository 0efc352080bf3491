"""chandelle's local web app (``chandelle serve``): FastAPI, Jinja2 templates and vendored HTMX.

See docs/web.md. ``create_app(settings)`` in ``app.py`` builds the application.
"""
