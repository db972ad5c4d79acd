"""This review's own macro module for mkdocs-macros (``module_name: macros`` in mkdocs.yml).

The review generator renders every page itself, in a sandbox; this module only connects mkdocs-macros to it.
A macro of this review's own is registered here with one call, and pages may then call it like the built-in
ones. This file is code, reviewed by the maintainers: contributor content never runs.

    def define_env(env):
        review = connect(env)
        review.register(word_count)   # word_count(context, ...) -> str, called as {{ word_count(...) }}
"""

from review_publisher.mkdocs.macros_module import connect


def define_env(env):
    connect(env)
