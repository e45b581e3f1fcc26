"""Packaging for Metaverse Seoul: the Panda3D client, its networking and the reference backend."""
from setuptools import setup

setup(
    name="metaverse-seoul",
    version="0.1.0",
    description="A walkable 3D client for Seoul's public services, with its reference backend",
    python_requires=">=3.11,<3.13",
    packages=[
        "client", "client.states", "client.world", "client.preview",
        "ui", "net",
        "server", "server.api", "server.api.routes", "server.core", "server.migrations",
        "server.migrations.versions", "server.models", "server.schemas", "server.services",
        "tools",
    ],
    package_data={"server": ["alembic.ini", "migrations/script.py.mako", "README.md", "data/*.txt"]},
    install_requires=[
        "panda3d>=1.10.14,<1.11",
        "panda3d-gltf>=1.3,<1.4",
        "panda3d-simplepbr>=0.13,<0.14",
        "requests>=2.31,<3",
        "urllib3>=2,<3",
        "PyYAML>=6,<7",
        "numpy>=1.26,<3",  # ground heights are rasterised from the site's triangles
        "platformdirs>=4,<5",
        "fastapi>=0.115,<1",
        # [standard]: httptools, the HTTP parser the server measures with (the loop is asyncio's:
        # server/core/serving.py says why not uvloop).
        "uvicorn[standard]>=0.30,<1",
        "SQLAlchemy>=2.0,<2.2",
        "alembic>=1.13,<2",
        "pydantic>=2.7,<3",
        "pydantic-settings>=2.3,<3",
        "python-multipart>=0.0.9,<1",
        "argon2-cffi>=23,<26",
        "cryptography>=42,<51",
        "fpdf2>=2.7,<3",
        "segno>=1.5,<2",
        "watchdog>=4,<7",  # the creator preview reloads a scene as its files are edited
    ],
    extras_require={
        # The asset builder only runs on a creator's or developer's machine.
        # trimesh, pygltflib and Pillow (it encodes the textures' PNGs) are pinned: the committed .glb
        # bytes are checked against a rebuild in the tests.
        "tools": ["trimesh==5.2.0", "pygltflib==1.16.5", "numpy>=1.26,<3", "Pillow==12.3.0"],
        "test": [
            "pytest>=8,<10",
            "schemathesis>=4,<5",
            "httpx>=0.27,<1",
            "trimesh==5.2.0", "pygltflib==1.16.5", "numpy>=1.26,<3", "Pillow==12.3.0",
            "fonttools>=4.40,<5",  # reads the bundled font's character map: no text may render as boxes
            "hypothesis>=6,<7",  # fuzzes the manifest parser (also what schemathesis runs on)
        ],
    },
    entry_points={
        "console_scripts": [
            "metaverse-seoul=client.cli:main",
            "metaverse-seoul-server=server.cli:main",
        ],
    },
)
