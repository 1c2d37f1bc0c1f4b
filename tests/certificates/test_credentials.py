"""Open Badges 3.0: a certificate as an ``OpenBadgeCredential``, checked against the data
model's required properties (written here from the specification, 1EdTech OB 3.0 and W3C VC
2.0), its VC-JWT verified with the published key alone, and its revocation seen in the
status list its ``credentialStatus`` names, itself a VC-JWT checked with the same key."""

import base64
import gzip
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.certificates.schemas import StatusListCredential
from tests.certificates.factories import API, certificate_of, completed_session

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_JWT = "application/vc+jwt"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def _uri(value: Any) -> bool:
    return isinstance(value, str) and bool(urlparse(value).scheme)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node["type"]
    return [kind] if isinstance(kind, str) else list(kind)


def required_property_problems(credential: dict[str, Any]) -> list[str]:
    """What the credential lacks of OB 3.0's required properties (empty: none)."""
    problems: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(what)

    context = credential.get("@context", [])
    need(context[:2] == [VC_V2, OB_V3], "@context: VC 2.0 first, then OB 3.0")
    need(_uri(credential.get("id")), "id: a URI")
    types = _types(credential) if "type" in credential else []
    need({"VerifiableCredential", "OpenBadgeCredential"} <= set(types), "type")
    need(bool(credential.get("name")), "name")
    issuer = credential.get("issuer") or {}
    need(_uri(issuer.get("id")), "issuer.id: a URI")
    need("Profile" in _types(issuer) if "type" in issuer else False, "issuer.type: Profile")
    try:
        datetime.fromisoformat(credential["validFrom"])
    except (KeyError, ValueError):
        problems.append("validFrom: a date-time")
    subject = credential.get("credentialSubject") or {}
    need("AchievementSubject" in _types(subject) if "type" in subject else False, "subject type")
    need("id" in subject or bool(subject.get("identifier")), "subject: id or identifier")
    for identity in subject.get("identifier", []):
        need(identity.get("type") == "IdentityObject", "identifier.type")
        need(isinstance(identity.get("hashed"), bool), "identifier.hashed")
        need(bool(identity.get("identityHash")), "identifier.identityHash")
        need(bool(identity.get("identityType")), "identifier.identityType")
    achievement = subject.get("achievement") or {}
    need(_uri(achievement.get("id")), "achievement.id: a URI")
    need("Achievement" in _types(achievement) if "type" in achievement else False, "Achievement")
    need(bool(achievement.get("name")), "achievement.name")
    need(bool(achievement.get("description")), "achievement.description")
    criteria = achievement.get("criteria") or {}
    need(bool(criteria.get("narrative") or criteria.get("id")), "achievement.criteria")
    return problems


def _verified(client: TestClient, token: str) -> dict[str, Any]:
    """The claims of a VC-JWT, verified with the published key alone (fetched without
    signing in, as a verifier would)."""
    header = jwt.get_unverified_header(token)
    assert (header["alg"], header["typ"]) == ("EdDSA", "vc+jwt")
    jwks = client.get("/api/v1/credentials/jwks", headers={"Authorization": ""}).json()
    key = jwt.PyJWKSet.from_dict(jwks)[header["kid"]]
    claims: dict[str, Any] = jwt.decode(token, key.key, algorithms=["EdDSA"])
    return claims


def _status_list(client: TestClient, url: str, accept: str | None = VC_JWT) -> Any:
    """GET the status list at ``url`` without signing in."""
    headers = {"Authorization": ""} | ({"Accept": accept} if accept else {})
    return client.get(urlparse(url).path, headers=headers)


def _verified_status_list(client: TestClient, url: str) -> dict[str, Any]:
    """The status list at ``url`` as a verifier takes it: the VC-JWT, its proof checked."""
    listed = _status_list(client, url)
    assert listed.status_code == 200, listed.text
    assert listed.headers["content-type"] == VC_JWT
    claims = _verified(client, listed.text)
    assert "BitstringStatusListCredential" in claims["type"]
    assert claims["id"] == url  # the list its credentials name, not another
    assert claims["credentialSubject"]["statusPurpose"] == "revocation"
    return claims


def _bit(status_list: dict[str, Any], entry: dict[str, Any]) -> int:
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u")  # multibase base64url
    raw = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def _encoded(bits: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(bits)).rstrip(b"=").decode()


def _status_bit(client: TestClient, entry: dict[str, Any]) -> int:
    return _bit(_verified_status_list(client, entry["statusListCredential"]), entry)


def _status_entry(client: TestClient, cert: dict[str, Any]) -> dict[str, Any]:
    exported = client.get(f"{API}/{cert['id']}/credential")
    assert exported.status_code == 200, exported.text
    entry: dict[str, Any] = exported.json()["credential"]["credentialStatus"]
    return entry


def test_a_certificate_is_a_signed_open_badge_with_a_checkable_status(
    client: TestClient, db: DbSession
) -> None:
    ids = completed_session(client, db, {"Joko": 90})
    cert = certificate_of(client, ids["Joko"])
    exported = client.get(f"{API}/{cert['id']}/credential")
    assert exported.status_code == 200, exported.text
    credential = exported.json()["credential"]
    assert required_property_problems(credential) == []
    assert required_property_problems({**credential, "@context": [OB_V3]}) != []
    assert credential["credentialSubject"]["achievement"]["humanCode"] == cert["number"]
    assert cert["holder_nip"] not in str(credential)  # the NIP only hashed
    # The signature, with the published key alone (fetched without signing in).
    token = exported.json()["vc_jwt"]
    assert _verified(client, token) == credential
    jwks = client.get("/api/v1/credentials/jwks", headers={"Authorization": ""}).json()
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    try:
        jwt.decode(tampered, key.key, algorithms=["EdDSA"])
    except jwt.InvalidSignatureError:
        pass
    else:
        raise AssertionError("a tampered credential verified")
    issuer = client.get("/api/v1/credentials/issuer", headers={"Authorization": ""}).json()
    assert issuer["id"] == credential["issuer"]["id"]
    # Revocation: the status list's bit for it turns from 0 to 1.
    entry = credential["credentialStatus"]
    assert (entry["type"], entry["statusPurpose"]) == ("BitstringStatusListEntry", "revocation")
    assert _status_bit(client, entry) == 0
    revoked = client.post(f"{API}/{cert['id']}/revocation", json={"reason": "Dicabut."})
    assert revoked.status_code == 200, revoked.text
    assert _status_bit(client, entry) == 1


def test_the_status_list_is_signed_and_checked_with_the_published_key_alone(
    client: TestClient, db: DbSession
) -> None:
    ids = completed_session(client, db, {"Kiki": 90, "Lina": 90})
    kept, lost = certificate_of(client, ids["Kiki"]), certificate_of(client, ids["Lina"])
    revoked = client.post(f"{API}/{lost['id']}/revocation", json={"reason": "Dicabut."})
    assert revoked.status_code == 200, revoked.text
    entries = [_status_entry(client, cert) for cert in (kept, lost)]
    url = entries[0]["statusListCredential"]
    assert entries[1]["statusListCredential"] == url  # one issuer, one year: one list
    signed = _status_list(client, url)
    status_list = _verified_status_list(client, url)
    assert (_bit(status_list, entries[0]), _bit(status_list, entries[1])) == (0, 1)
    # A forged list (every bit 0) under the real header and signature does not verify.
    header, _, signature = signed.text.split(".")
    cleared = {**status_list["credentialSubject"], "encodedList": _encoded(bytes(16_384))}
    payload = json.dumps({**status_list, "credentialSubject": cleared}).encode()
    forged = f"{header}.{jwt.utils.base64url_encode(payload).decode()}.{signature}"
    with pytest.raises(jwt.InvalidSignatureError):
        _verified(client, forged)
    # validFrom: the last revocation the list records; the same state, the same bytes.
    assert datetime.fromisoformat(status_list["validFrom"]) == datetime.fromisoformat(
        revoked.json()["revoked_at"]
    ).replace(microsecond=0)
    assert _status_list(client, url).text == signed.text
    assert "validUntil" not in status_list
    # Kept by verifiers and shared caches for a while, per representation.
    assert signed.headers["cache-control"] == "public, max-age=300"
    assert signed.headers["vary"] == "Accept"
    # Without Accept, or with any: the signed list (what a verifier dereferencing
    # statusListCredential needs); asked for JSON: the same credential, unsigned.
    for accept in (None, "*/*", "application/vc+jwt, application/json;q=0.5"):
        answer = _status_list(client, url, accept)
        assert (answer.headers["content-type"], answer.text) == (VC_JWT, signed.text)
    as_json = _status_list(client, url, "application/json")
    assert as_json.status_code == 200
    assert as_json.headers["content-type"] == "application/json"
    assert as_json.json() == status_list
    assert as_json.headers["cache-control"] == "public, max-age=300"
    StatusListCredential.model_validate(as_json.json())  # the declared shape, no more


def test_a_list_without_revocations_is_valid_from_the_start_of_its_year(
    client: TestClient,
) -> None:
    url = "http://localhost:8000/api/v1/credentials/status/NOBODY/2026"
    status_list = _verified_status_list(client, url)
    # 1 January 2026, 00:00 in Solok (WIB, UTC+7).
    assert status_list["validFrom"] == "2025-12-31T17:00:00Z"
    assert _bit(status_list, {"statusListIndex": "1"}) == 0
