"""The gates: what a page may hold, the sandbox that renders it, the allow-list of its HTML, the final site."""
