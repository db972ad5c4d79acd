"""The review generator's macros for mkdocs-macros. Only wiring lives here; the work is in the plain modules."""

from __future__ import annotations

from .registry import MACROS


def define_env(env):
    """Register every macro of :data:`macros.registry.MACROS`, each bound to the page being rendered."""
    review = env.conf.plugins.get("review")
    if review is None:
        raise ValueError("mkdocs.yml: add the 'review' plugin under plugins:, before 'macros'")

    def bind(function):
        def macro(*args, **kwargs):
            return function(review.macro_context(env.page.file.src_path), *args, **kwargs)

        macro.__doc__ = function.__doc__
        return macro

    for name, function in MACROS.items():
        env.macro(bind(function), name)
