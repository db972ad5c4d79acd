"""Words the site shows that do not come from a review's data, kept in one place so that they read the same on
every page (and so that a later table of texts, which a review may override, has one place to start from)."""

# What every page says where a fact about a source is not known: never a guess.
NOT_KNOWN = "not known"
