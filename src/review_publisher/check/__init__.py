"""`review check`: the review's sources checked as a build loads them, in moments when few files changed."""
