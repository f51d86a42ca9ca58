"""The old repair endpoints as jobs, on the sandbox: contact and prisoner-contact resynchronise."""

from __future__ import annotations

from typing import Any

import pytest

ADMIN = "/personal-relationships"


def dps(harness, kind: str, **fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = harness.publisher.dps_change("POST", f"{ADMIN}/{kind}", fields)
    return result


def test_resynchronise_contact_creates_what_nomis_lacks_in_order_then_skips_it(harness):
    offender = harness.first_prisoner()["offenderNo"]
    contact = dps(harness, "contact", lastName="REPAIRED")["id"]
    address = dps(harness, "contact-address", contactId=contact)["contactAddressId"]
    dps(harness, "contact-address-phone", contactAddressId=address)
    dps(harness, "contact-email", contactId=contact)
    dps(harness, "contact-phone", contactId=contact)
    dps(harness, "prisoner-contact", contactId=contact, prisonerNumber=offender)
    config = {"contact_ids": [contact], "dry_run": True}

    dry = harness.operate("resynchronise_contact_job", "resynchronise_contacts", config)
    assert dry.success
    assert harness.get("/sandbox/personal-relationships/nomis/person", person_id=contact) == []

    real = harness.operate(
        "resynchronise_contact_job", "resynchronise_contacts", {**config, "dry_run": False}
    )
    assert real.success
    for kind in ("person", "address", "address-phone", "email", "phone", "contact"):
        rows = harness.get(f"/sandbox/personal-relationships/nomis/{kind}", person_id=contact)
        assert len(rows) == 1, kind
    [repair] = harness.telemetry("to-nomis-synch-contactperson-resynchronisation-repair")
    assert repair == {"dpsContactId": str(contact)}

    again = harness.operate(
        "resynchronise_contact_job", "resynchronise_contacts", {**config, "dry_run": False}
    )
    assert again.success
    assert len(harness.telemetry("contactperson-create-duplicate")) == 1
    assert len(harness.get("/sandbox/personal-relationships/nomis/email", person_id=contact)) == 1


def test_resynchronise_prisoner_contact_updates_nomis_from_dps(harness):
    offender = harness.first_prisoner()["offenderNo"]
    contact = dps(harness, "contact")["id"]
    relationship = dps(harness, "prisoner-contact", contactId=contact, prisonerNumber=offender)
    job, op = "resynchronise_prisoner_contact_job", "resynchronise_prisoner_contacts"
    target = f"{contact},{relationship['id']}"
    with pytest.raises(Exception, match="repair"):  # no NOMIS person yet: a 404, as upstream
        harness.operate(job, op, {"relationships": [target], "create": True, "dry_run": False})
    assert "contact-create-failed" in [r.name for r in harness.store.query_telemetry("contact-")]
    harness.operate(
        "resynchronise_contact_job",
        "resynchronise_contacts",
        {"contact_ids": [contact], "dry_run": False},
    )
    harness.publisher.dps_change(
        "PUT", f"{ADMIN}/prisoner-contact/{relationship['id']}", {"approvedVisitor": False}
    )
    updated = harness.operate(job, op, {"relationships": [target], "dry_run": False})
    assert updated.success
    [row] = harness.get("/sandbox/personal-relationships/nomis/contact", person_id=contact)
    assert row["body"]["approvedVisitor"] is False
    assert harness.telemetry(
        "to-nomis-synch-contactperson-prisoner-contact-resynchronisation-repair"
    )
