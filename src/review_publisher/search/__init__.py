"""What the generator adds to the theme's search: accents folded both ways and the review's own synonyms."""
