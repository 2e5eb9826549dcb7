"""Field encryption (AES-256-GCM, AAD-bound, key ids) and blind indexes."""

import os

import pytest

from bff.security.fields import BlindIndexer, DecryptionError, FieldCipher, aad_for
from bff.security.phones import InvalidPhone, mask, normalise

K1, K2 = os.urandom(32), os.urandom(32)
AAD = aad_for("users", "phone", "pub-1")


def test_round_trip_and_fresh_nonces():
    cipher = FieldCipher.from_keys({"k1": K1}, "k1")
    a, b = cipher.encrypt("+8613800138000", AAD), cipher.encrypt("+8613800138000", AAD)
    assert a != b and a.startswith("v1.k1.")
    assert cipher.decrypt(a, AAD) == "+8613800138000"


def test_a_ciphertext_moved_to_another_row_or_column_fails():
    cipher = FieldCipher.from_keys({"k1": K1}, "k1")
    token = cipher.encrypt("+8613800138000", AAD)
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, aad_for("users", "phone", "pub-2"))
    with pytest.raises(DecryptionError):
        cipher.decrypt(token, aad_for("users", "session_key", "pub-1"))


def test_a_flipped_byte_fails():
    cipher = FieldCipher.from_keys({"k1": K1}, "k1")
    token = cipher.encrypt("secret", AAD)
    head, body = token.rsplit(".", 1)
    tampered = head + "." + body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionError):
        cipher.decrypt(tampered, AAD)


def test_after_rotation_old_values_stay_readable_and_new_ones_use_the_new_key():
    old = FieldCipher.from_keys({"k1": K1}, "k1").encrypt("old", AAD)
    rotated = FieldCipher.from_keys({"k1": K1, "k2": K2}, "k2")
    assert rotated.decrypt(old, AAD) == "old"
    assert rotated.encrypt("new", AAD).startswith("v1.k2.")
    with pytest.raises(DecryptionError):
        FieldCipher.from_keys({"k2": K2}, "k2").decrypt(old, AAD)  # a retired key really is gone


def test_unknown_versions_are_refused():
    cipher = FieldCipher.from_keys({"k1": K1}, "k1")
    with pytest.raises(DecryptionError):
        cipher.decrypt("v9." + cipher.encrypt("x", AAD)[3:], AAD)


def test_blind_index_is_stable_per_purpose_and_key():
    index = BlindIndexer(b"root-key")
    assert index.index("user_phone", "+8613800138000") == index.index("user_phone", "+8613800138000")
    assert index.index("user_phone", "+8613800138000") != index.index("client_phone", "+8613800138000")
    assert BlindIndexer(b"other").index("user_phone", "+8613800138000") != index.index("user_phone", "+8613800138000")


@pytest.mark.parametrize("raw", ["+86 138-0013-8000", "13800138000", "8613800138000", "(138) 0013 8000"])
def test_phone_formats_normalise_to_e164(raw):
    assert normalise(raw) == "+8613800138000"


@pytest.mark.parametrize("raw", ["123", "phone", "+86 000", ""])
def test_invalid_phones_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise(raw)


def test_masking_hides_the_middle_digits():
    assert mask("+8613800138000") == "138****8000"
