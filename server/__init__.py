"""Reference backend for Metaverse Seoul: a FastAPI app over SQLAlchemy.

Importing this package is cheap on purpose: the client imports
``server.embedded`` lazily, and nothing here may pull in Panda3D.
"""

__version__ = "0.1.0"
