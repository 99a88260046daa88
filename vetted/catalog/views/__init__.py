"""Staff pages of the catalogue: vendors, resources, and the district's decisions."""
