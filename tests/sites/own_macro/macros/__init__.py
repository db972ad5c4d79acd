"""This review's own macro module: it registers one macro of the review's own, `shout`."""

from review_publisher.mkdocs.macros_module import connect
from review_publisher.render.html import escape


def shout(context, text):
    """The text in capitals, escaped (every value from a page is data)."""
    return f"<strong>{escape(str(text).upper())}</strong>"


def define_env(env):
    connect(env).register(shout)
