"""Open data: the library and the evidence as BibTeX, RIS, CSL-JSON, CSV and JSON."""
