"""The few ``cryptography`` APIs SecretStorage uses, in plain Python, for the bundle.

The keyring's Secret Service backend (SecretStorage) is the only user of ``cryptography`` in
the app: it opens its D-Bus session with ``dh-ietf1024-sha256-aes128-cbc-pkcs7`` (the Diffie-
Hellman exchange and the key derivation are already stdlib code in ``secretstorage.dhcrypto``)
and then encrypts or decrypts one secret with AES-128 in CBC mode. That is all it takes from
``cryptography``, whose compiled core weighs 11 MB::

    from cryptography.hazmat.backends import default_backend
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    Cipher(algorithms.AES(key), modes.CBC(iv), default_backend()).encryptor()  # .decryptor()

So the bundle leaves ``cryptography`` out and its runtime hook (``pyi_rth_cryptography_shim``)
calls :func:`install`: an ``import cryptography...`` then finds these instead, on first use.
The secret still travels encrypted, as the Secret Service expects. The AES here is the
textbook one (FIPS-197) on a few hundred bytes, an API key; it is checked against the real
``cryptography`` and the standard's vectors in ``tests/packaging/test_cryptography_shim.py``.
"""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

BLOCK = 16  # bytes: AES's block, whatever the key size


def _gf_multiply(a: int, b: int) -> int:
    """Product in AES's field GF(2^8) (modulo x^8 + x^4 + x^3 + x + 1)."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        a = ((a << 1) ^ 0x11B) if a & 0x80 else a << 1
        b >>= 1
    return product


def _make_sboxes() -> tuple[bytes, bytes]:
    """The S-box (multiplicative inverse, then the affine map) and its inverse."""
    # Inverses through logarithms to the generator 3: a^-1 = 3^(255 - log a).
    power, logarithm = [0] * 255, [0] * 256
    value = 1
    for exponent in range(255):
        power[exponent], logarithm[value] = value, exponent
        value = _gf_multiply(value, 3)
    inverse = [0] + [power[(255 - logarithm[a]) % 255] for a in range(1, 256)]
    sbox = bytearray(256)
    for value in range(256):
        x = inverse[value]
        rotated = x
        for _ in range(4):
            rotated = ((rotated << 1) | (rotated >> 7)) & 0xFF
            x ^= rotated
        sbox[value] = x ^ 0x63
    unsbox = bytearray(256)
    for value, substituted in enumerate(sbox):
        unsbox[substituted] = value
    return bytes(sbox), bytes(unsbox)


class _Tables:
    """Made once, on the first key (a few milliseconds): nothing is computed at import."""

    ready = False

    @classmethod
    def make(cls) -> None:
        if cls.ready:
            return
        cls.sbox, cls.unsbox = _make_sboxes()
        cls.times = {
            n: bytes(_gf_multiply(n, x) for x in range(256)) for n in (2, 3, 9, 11, 13, 14)
        }
        cls.ready = True


def _expand_key(key: bytes) -> list[bytes]:
    """The round keys (16 bytes each, Nr + 1 of them) of a 16-, 24- or 32-byte key."""
    sbox = _Tables.sbox
    words_in_key = len(key) // 4
    rounds = words_in_key + 6
    words = [key[i : i + 4] for i in range(0, len(key), 4)]
    round_constant = 1
    for i in range(words_in_key, 4 * (rounds + 1)):
        word = words[i - 1]
        if i % words_in_key == 0:
            word = bytes(sbox[b] for b in word[1:] + word[:1])
            word = bytes((word[0] ^ round_constant,)) + word[1:]
            round_constant = _gf_multiply(round_constant, 2)
        elif words_in_key > 6 and i % words_in_key == 4:
            word = bytes(sbox[b] for b in word)
        words.append(bytes(a ^ b for a, b in zip(words[i - words_in_key], word, strict=True)))
    return [b"".join(words[4 * r : 4 * r + 4]) for r in range(rounds + 1)]


# The state is the block's 16 bytes in order: byte 4c + r is row r of column c.
_SHIFT_ROWS = [(4 * (column + row) + row) % 16 for column in range(4) for row in range(4)]
_UNSHIFT_ROWS = [(4 * (column - row) + row) % 16 for column in range(4) for row in range(4)]


def _xor(a: Sequence[int], b: Sequence[int]) -> list[int]:
    return [x ^ y for x, y in zip(a, b, strict=True)]


def _encrypt_block(round_keys: list[bytes], block: Sequence[int]) -> list[int]:
    sbox, times2, times3 = _Tables.sbox, _Tables.times[2], _Tables.times[3]
    state = _xor(block, round_keys[0])
    last = len(round_keys) - 1
    for number in range(1, last + 1):
        state = [sbox[state[i]] for i in _SHIFT_ROWS]
        if number < last:  # every round but the last mixes the columns
            mixed = []
            for c in range(0, 16, 4):
                a0, a1, a2, a3 = state[c : c + 4]
                mixed += (
                    times2[a0] ^ times3[a1] ^ a2 ^ a3,
                    a0 ^ times2[a1] ^ times3[a2] ^ a3,
                    a0 ^ a1 ^ times2[a2] ^ times3[a3],
                    times3[a0] ^ a1 ^ a2 ^ times2[a3],
                )
            state = mixed
        state = _xor(state, round_keys[number])
    return state


def _decrypt_block(round_keys: list[bytes], block: Sequence[int]) -> list[int]:
    unsbox, times = _Tables.unsbox, _Tables.times
    t9, t11, t13, t14 = times[9], times[11], times[13], times[14]
    state = _xor(block, round_keys[-1])
    for number in range(len(round_keys) - 2, -1, -1):
        state = _xor([unsbox[state[i]] for i in _UNSHIFT_ROWS], round_keys[number])
        if number > 0:  # the inverse of the first round has no column mixing
            mixed = []
            for c in range(0, 16, 4):
                a0, a1, a2, a3 = state[c : c + 4]
                mixed += (
                    t14[a0] ^ t11[a1] ^ t13[a2] ^ t9[a3],
                    t9[a0] ^ t14[a1] ^ t11[a2] ^ t13[a3],
                    t13[a0] ^ t9[a1] ^ t14[a2] ^ t11[a3],
                    t11[a0] ^ t13[a1] ^ t9[a2] ^ t14[a3],
                )
            state = mixed
    return state


class AlreadyFinalized(Exception):
    """As ``cryptography.exceptions.AlreadyFinalized``: the context was finalized."""


class AES:
    """``algorithms.AES``: a 128-, 192- or 256-bit key."""

    name = "AES"
    block_size = 8 * BLOCK

    def __init__(self, key: bytes) -> None:
        key = bytes(key)
        if len(key) not in (16, 24, 32):
            raise ValueError(f"Invalid key size ({8 * len(key)}) for AES.")
        self.key = key

    @property
    def key_size(self) -> int:
        return 8 * len(self.key)


class CBC:
    """``modes.CBC``: the initialisation vector, one block."""

    name = "CBC"

    def __init__(self, initialization_vector: bytes) -> None:
        self.initialization_vector = bytes(initialization_vector)


class _CBCContext:
    """An encryptor or a decryptor: ``update`` takes any length (whole blocks are
    processed, the rest waits), ``finalize`` refuses a partial block, as cryptography's."""

    def __init__(self, key: bytes, iv: bytes, *, encrypt: bool) -> None:
        _Tables.make()
        self._round_keys = _expand_key(key)
        self._previous: Sequence[int] = iv
        self._encrypt = encrypt
        self._pending = b""
        self._finalized = False

    def update(self, data: bytes) -> bytes:
        if self._finalized:
            raise AlreadyFinalized("Context was already finalized.")
        data = self._pending + bytes(data)
        whole = len(data) - len(data) % BLOCK
        self._pending = data[whole:]
        out = bytearray()
        for start in range(0, whole, BLOCK):
            block = data[start : start + BLOCK]
            if self._encrypt:
                self._previous = _encrypt_block(self._round_keys, _xor(block, self._previous))
                out += bytes(self._previous)
            else:
                out += bytes(_xor(_decrypt_block(self._round_keys, block), self._previous))
                self._previous = block
        return bytes(out)

    def finalize(self) -> bytes:
        if self._finalized:
            raise AlreadyFinalized("Context was already finalized.")
        self._finalized = True
        if self._pending:
            raise ValueError(
                "The length of the provided data is not a multiple of the block length."
            )
        return b""


class Cipher:
    """``Cipher(algorithm, mode, backend=None)``: AES in CBC mode only."""

    def __init__(self, algorithm: AES, mode: CBC, backend: object = None) -> None:
        if not isinstance(algorithm, AES) or not isinstance(mode, CBC):
            raise TypeError("only AES in CBC mode is available in this bundle")
        if len(mode.initialization_vector) != BLOCK:
            raise ValueError(f"Invalid IV size ({len(mode.initialization_vector)}) for CBC.")
        self.algorithm, self.mode = algorithm, mode

    def encryptor(self) -> _CBCContext:
        return _CBCContext(self.algorithm.key, self.mode.initialization_vector, encrypt=True)

    def decryptor(self) -> _CBCContext:
        return _CBCContext(self.algorithm.key, self.mode.initialization_vector, encrypt=False)


def default_backend() -> object:
    """``cryptography.hazmat.backends.default_backend``: ignored, as by cryptography now."""
    return _BACKEND


_BACKEND = object()

# The modules an ``import cryptography...`` of SecretStorage reaches, and what each offers.
_MODULES: dict[str, dict[str, object]] = {
    "cryptography": {"__version__": "0+shim"},
    "cryptography.exceptions": {"AlreadyFinalized": AlreadyFinalized},
    "cryptography.hazmat": {},
    "cryptography.hazmat.backends": {"default_backend": default_backend},
    "cryptography.hazmat.primitives": {},
    "cryptography.hazmat.primitives.ciphers": {"Cipher": Cipher},
    "cryptography.hazmat.primitives.ciphers.algorithms": {"AES": AES},
    "cryptography.hazmat.primitives.ciphers.modes": {"CBC": CBC},
}
_PACKAGES = {"cryptography", "cryptography.hazmat", "cryptography.hazmat.primitives"}


class _ShimLoader:
    # Plain classes, not importlib.abc's: that import costs more than this whole module.

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__.update(_MODULES[module.__name__])
        if module.__name__ == "cryptography.hazmat.primitives.ciphers":
            # ``from ...ciphers import algorithms, modes``: the submodules, as attributes.
            for name in ("algorithms", "modes"):
                module.__dict__[name] = __import__(f"{module.__name__}.{name}", fromlist=["_"])


class ShimFinder:
    """Answers for the ``cryptography`` modules above, and only them."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _MODULES:
            return None
        package = fullname in _PACKAGES or fullname.endswith(".ciphers")
        return importlib.machinery.ModuleSpec(fullname, _ShimLoader(), is_package=package)


def install() -> None:
    """Serve ``import cryptography...`` from here (last on the path: a real one wins)."""
    if not any(isinstance(finder, ShimFinder) for finder in sys.meta_path):
        sys.meta_path.append(ShimFinder())
