"""Staff requests to use a technology resource, and the technology committee's review.

Read in this order: `states.py` (the one transition table), `models.py`, `services/` (the verbs),
`selectors.py` (the reads), then the views and the API.
"""
