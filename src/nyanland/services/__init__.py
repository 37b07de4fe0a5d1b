"""Use cases over the store: each call one transaction, returning plain frozen data."""
