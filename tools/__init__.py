"""Developer tools for Metaverse Seoul: the asset builder (recipes → .glb) and its helpers."""
