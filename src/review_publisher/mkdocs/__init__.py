"""The only code that imports MkDocs (or ProperDocs): the plugin, its settings, what it knows of the theme."""

from review_publisher.mkdocs import engine as _engine  # noqa: F401  (first: it picks MkDocs or ProperDocs)
