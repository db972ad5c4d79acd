from review_publisher.mkdocs.macros_module import connect


def define_env(env):
    connect(env)
