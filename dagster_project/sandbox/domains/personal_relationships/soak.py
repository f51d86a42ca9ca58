"""Personal relationships in the chaos soak: new contacts (40% then changed) and domestic statuses.

Only units whose retry is safe are drawn: a contact create is resumable (NOMIS is read back by
the person id, which is the DPS contact id), a contact update and a profile-details upsert are
whole PUTs. Child creates (addresses, phones, ...) are left out: an interrupted one is
dead-lettered for a NOMIS check rather than risk a second child (see the domain's sync.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from dagster_project.sandbox.core.soak import HeldRead, SoakActor, SoakCheck, admin_get
from dagster_project.sandbox.domains.personal_relationships.publish import (
    ENTITY_ACTIONS,
    domestic_status_created,
)

UPDATE_RATE = 0.4
PROFILE_RATE = 0.3
CONTACT_CREATED = "contacts-api.contact.created"
CONTACT_UPDATED = "contacts-api.contact.updated"
DOMESTIC_STATUS = "personal-relationships-api.domestic-status.created"
CODES = ("M", "S", "W", "D", "P")


@dataclass
class ContactPlan:
    last_name: str


class PersonalRelationshipsSoak(SoakActor):
    """A contact's life, and a prisoner's domestic status; NOMIS must end agreeing with DPS."""

    share = 0.1
    # the NOMIS person create, held: the kill lands between the write and the mapping, and the
    # retry must read the person back and map it, never write a second one
    held_read = HeldRead("nomis", "^/persons$", "POST")

    def prepare(self) -> None:
        marital = admin_get(self.sandbox, "/sandbox/personal-relationships/nomis/profile-MARITAL")
        holding = {row["offenderNo"] for row in marital}
        self.pool = [
            p["offenderNo"] for p in self.context.prisoners() if p["offenderNo"] not in holding
        ]
        self.rng.shuffle(self.pool)
        self.contacts: dict[int, ContactPlan] = {}
        self.statuses: dict[str, str] = {}

    def step(self) -> list[str]:
        if self.pool and self.rng.random() < PROFILE_RATE:
            offender = self.pool.pop()
            code = self.rng.choice(CODES)
            domestic_status_created(self.publisher, offender, code)
            self.statuses[offender] = code
            return [DOMESTIC_STATUS]
        name = f"SOAK{self.rng.randrange(10**6)}"
        record = ENTITY_ACTIONS["contact-created"](self.publisher, lastName=name)["record"]
        plan = ContactPlan(name)
        events = [CONTACT_CREATED]
        if self.rng.random() < UPDATE_RATE:
            plan.last_name = f"{name}X"
            ENTITY_ACTIONS["contact-updated"](self.publisher, record["id"], lastName=plan.last_name)
            events.append(CONTACT_UPDATED)
        self.contacts[int(record["id"])] = plan
        return events

    def verify(self) -> SoakCheck:
        """Lost: a contact unmapped, missing or stale in NOMIS, or a status not applied."""
        persons = {
            row["id"]: row["body"]
            for row in admin_get(self.sandbox, "/sandbox/personal-relationships/nomis/person")
        }
        mapped = {
            int(m["dpsId"])
            for m in admin_get(self.sandbox, "/sandbox/personal-relationships/mappings/person")
        }
        lost: list[str] = []
        for contact, plan in self.contacts.items():
            person = persons.get(contact)
            if person is None or contact not in mapped:
                lost.append(f"contact {contact}: not in NOMIS or not mapped")
            elif person.get("lastName") != plan.last_name:
                lost.append(
                    f"contact {contact}: NOMIS {person.get('lastName')}, DPS {plan.last_name}"
                )
        marital = {
            row["offenderNo"]: row["body"].get("profileCode")
            for row in admin_get(
                self.sandbox, "/sandbox/personal-relationships/nomis/profile-MARITAL"
            )
        }
        for offender, code in self.statuses.items():
            if marital.get(offender) != code:
                lost.append(
                    f"domestic status of {offender}: NOMIS {marital.get(offender)}, DPS {code}"
                )
        # a person is keyed by its DPS id in NOMIS and the mapping service: it cannot double
        return SoakCheck.of(len(self.contacts) + len(self.statuses), lost, 0)

    def poison_events(self, marker: str) -> list[dict[str, object]]:
        """A contact created event whose contact id is not a number: poison for this domain."""
        return [
            {
                "eventType": CONTACT_CREATED,
                "additionalInformation": {"contactId": marker, "source": "DPS"},
                "personReference": {"identifiers": [{"type": "DPS_CONTACT_ID", "value": "1"}]},
            }
        ]
