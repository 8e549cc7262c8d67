"""PyInstaller runtime hook (run before the app): the bundle leaves ``cryptography`` out, and
SecretStorage (the keyring's Secret Service backend) finds ``packaging/cryptography_shim.py``
in its place when it imports it. Installing is one finder on ``sys.meta_path``: no cost until
the keyring is used."""

import cryptography_shim

cryptography_shim.install()
