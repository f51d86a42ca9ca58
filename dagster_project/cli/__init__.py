"""`p2n`, the operator's command line: one module per sub-app; `main.app` is the entry point."""
