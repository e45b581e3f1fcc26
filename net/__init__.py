"""Networking for the client: typed API calls, the HTTP transport, and the worker that keeps them off the frame loop."""
