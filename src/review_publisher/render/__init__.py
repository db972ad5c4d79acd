"""Pure HTML from data: citations, cards, tables, the map, source pages, metadata, the print version."""
