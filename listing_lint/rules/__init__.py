"""The rules, one module each. Every ``Rule`` subclass declared here is registered (see registry)."""
