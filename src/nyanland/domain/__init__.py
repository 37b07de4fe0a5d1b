"""The domain: code lists, identity numbers, timeline rules and case validation, in plain Python."""
