"""The macros pages may call, and the registry that names them."""
