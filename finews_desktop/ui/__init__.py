"""The Qt layer: depends on core, never the reverse."""
