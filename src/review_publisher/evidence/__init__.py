"""The evidence data: strict YAML, the model of sources and findings, JSON Schemas, cross-reference checks."""
