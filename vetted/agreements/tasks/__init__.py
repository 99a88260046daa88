"""Worker jobs of the agreements app: expiry reminders and renewals, automatic document reviews."""
