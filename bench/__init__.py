"""Load benchmark of the real server against a minimal raw-driver ASGI baseline."""
