"""What a news body tells (stocks, source, plain text) and how the preview shows it. Pure."""
