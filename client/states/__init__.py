"""Application states (boot, world, service), one module each, driven by client.states.machine."""
