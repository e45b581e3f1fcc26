"""Business logic, free of HTTP routing: one module per concern."""
