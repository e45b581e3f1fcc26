"""The walkable world: manifests (pure), navigation (pure), and the scene-graph pieces."""
