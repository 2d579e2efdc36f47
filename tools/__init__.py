"""Build and release helpers (run from a checkout; never installed or bundled)."""
