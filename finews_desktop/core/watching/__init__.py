"""The daily loop's watching: folders imported again as their post files change, watch queries and their rules."""
