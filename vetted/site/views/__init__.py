"""The public site's pages: home, health, errors, and each district's public registry."""
