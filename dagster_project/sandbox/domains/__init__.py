"""The sandbox domains: one package each, found by ``core.domain.sandbox_domains``."""
