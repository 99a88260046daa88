"""The catalogue's JSON API: vendors, resources, decisions, the taxonomy."""
