"""The transport: HTTP, Twilio's hosts, retries, limits and errors; nothing of resources."""
