"""The public registry's JSON API (it links each resource to its public agreement)."""
