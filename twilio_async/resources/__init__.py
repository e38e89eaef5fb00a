"""One service object per resource family, reached as attributes of the client."""
