"""The bundle's stand-in for ``cryptography`` (packaging/cryptography_shim.py): AES in CBC
mode gives what the real library and the standard give, and SecretStorage, served by it,
speaks to a peer that uses the real library."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.packaging.support import PACKAGING, load_script

# The real library, to compare with: SecretStorage brings it wherever the keyring uses it.
ciphers = pytest.importorskip("cryptography.hazmat.primitives.ciphers")
pytest.importorskip("secretstorage")
Cipher, algorithms, modes = ciphers.Cipher, ciphers.algorithms, ciphers.modes
shim = load_script("cryptography_shim")


def _shim_encrypt(key: bytes, iv: bytes, chunks: list[bytes]) -> bytes:
    encryptor = shim.Cipher(shim.AES(key), shim.CBC(iv), shim.default_backend()).encryptor()
    return b"".join(encryptor.update(chunk) for chunk in chunks) + encryptor.finalize()


def _shim_decrypt(key: bytes, iv: bytes, data: bytes) -> bytes:
    decryptor = shim.Cipher(shim.AES(key), shim.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


# FIPS-197, appendix C: one block, key 00 01 02 ..., plaintext 00 11 22 ... ff.
@pytest.mark.parametrize(
    ("key_bytes", "expected"),
    [
        (16, "69c4e0d86a7b0430d8cdb78070b4c55a"),
        (24, "dda97ca4864cdfe06eaf70a0ec0d7191"),
        (32, "8ea2b7ca516745bfeafc49904b496089"),
    ],
)
def test_aes_gives_the_standards_answers(key_bytes: int, expected: str) -> None:
    key, plaintext = bytes(range(key_bytes)), bytes.fromhex("00112233445566778899aabbccddeeff")
    # CBC with a zero IV is plain AES for the first block.
    assert _shim_encrypt(key, bytes(16), [plaintext]).hex() == expected
    assert _shim_decrypt(key, bytes(16), bytes.fromhex(expected)) == plaintext


@pytest.mark.parametrize("key_bytes", [16, 24, 32])
@pytest.mark.parametrize("length", [16, 48, 160, 1024])
def test_cbc_agrees_with_cryptography(key_bytes: int, length: int) -> None:
    key, iv, data = os.urandom(key_bytes), os.urandom(16), os.urandom(length)
    real = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    expected = real.update(data) + real.finalize()
    # Fed in uneven pieces, as update() allows: whole blocks come out as they are complete.
    assert _shim_encrypt(key, iv, [data[:5], data[5:37], data[37:]]) == expected
    assert _shim_decrypt(key, iv, expected) == data


def test_it_refuses_what_cryptography_refuses() -> None:
    with pytest.raises(ValueError, match="key size"):
        shim.AES(bytes(15))
    with pytest.raises(ValueError, match="IV size"):
        shim.Cipher(shim.AES(bytes(16)), shim.CBC(bytes(8)))
    encryptor = shim.Cipher(shim.AES(bytes(16)), shim.CBC(bytes(16))).encryptor()
    encryptor.update(b"not a whole block")
    with pytest.raises(ValueError, match="multiple of the block length"):
        encryptor.finalize()
    with pytest.raises(shim.AlreadyFinalized):
        encryptor.update(b"more")


# SecretStorage in a process where ``import cryptography`` finds the shim (as in the bundle),
# with the app's private key given: it sends a secret and reads the service's answer.
SECRETSTORAGE_WITH_THE_SHIM = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import cryptography_shim
sys.meta_path.insert(0, cryptography_shim.ShimFinder())  # before the real one, if any
import cryptography
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from secretstorage.dhcrypto import DH_PRIME_1024, Session
from secretstorage.util import format_secret
session = Session()
session.my_private_key = int(sys.argv[2])
session.my_public_key = pow(2, session.my_private_key, DH_PRIME_1024)
session.set_server_public_key(int(sys.argv[3]))
session.object_path = "/org/freedesktop/secrets/session/1"
_path, iv, encrypted, _type = format_secret(session, "clé d'API sk-123", "text/plain")
answer_iv, answer = bytes.fromhex(sys.argv[4]), bytes.fromhex(sys.argv[5])
decryptor = Cipher(algorithms.AES(session.aes_key), modes.CBC(answer_iv)).decryptor()
padded = decryptor.update(answer) + decryptor.finalize()
print(json.dumps({"version": cryptography.__version__, "module": Cipher.__module__,
    "iv": iv.hex(), "encrypted": encrypted.hex(), "answer": padded[: -padded[-1]].hex()}))
"""


def test_secretstorage_served_by_the_shim_talks_with_a_peer_using_cryptography() -> None:
    from secretstorage.dhcrypto import DH_PRIME_1024, Session

    app_private_key = int.from_bytes(os.urandom(128), "big")
    service = Session()  # the Secret Service's end of the exchange (stdlib arithmetic)
    service.set_server_public_key(pow(2, app_private_key, DH_PRIME_1024))
    assert service.aes_key is not None
    answer, answer_iv = b"the service's answer", os.urandom(16)
    padding = 16 - len(answer) % 16
    encryptor = Cipher(algorithms.AES(service.aes_key), modes.CBC(answer_iv)).encryptor()
    encrypted_answer = encryptor.update(answer + bytes([padding] * padding)) + encryptor.finalize()

    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            SECRETSTORAGE_WITH_THE_SHIM,
            str(PACKAGING),
            str(app_private_key),
            str(service.my_public_key),
            answer_iv.hex(),
            encrypted_answer.hex(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(completed.stdout)
    assert (result["version"], result["module"]) == ("0+shim", "cryptography_shim")
    assert bytes.fromhex(result["answer"]) == answer
    decryptor = Cipher(
        algorithms.AES(service.aes_key), modes.CBC(bytes.fromhex(result["iv"]))
    ).decryptor()
    padded = decryptor.update(bytes.fromhex(result["encrypted"])) + decryptor.finalize()
    assert padded[: -padded[-1]] == "clé d'API sk-123".encode()
