"""The resource-request JSON API: requests, their actions, and the vendor's documents."""
