"""Server-rendered HTML pages (jinja2 templates under ``frontend/templates``)."""
