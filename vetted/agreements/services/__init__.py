"""The verbs of agreements and obligations. Each runs in one transaction with its audit event."""
