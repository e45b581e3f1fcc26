"""Framework plumbing shared by every resource: settings, database, errors, middleware."""
