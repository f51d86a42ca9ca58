"""NomisNonAssociationsClient: the detail records of a pair, the pairs, a booking's pairs."""

import datetime as dt

import pytest

from dagster_project.domains.non_associations.nomis import (
    CreateNonAssociationRequest,
    NonAssociationId,
    UpdateNonAssociationRequest,
)
from resources.errors import NotFound
from tests.domains.non_associations.payloads import NS_OFFENDER, OFFENDER, nomis_detail, page
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses

DETAIL = f"/nomis/non-associations/offender/{NS_OFFENDER}/ns-offender/{OFFENDER}/sequence/2"
FIELDS = {
    "reason": "VIC",
    "recip_reason": "PER",
    "type": "WING",
    "effective_date": dt.date(2021, 7, 5),
}


def test_create_detail_sends_the_pair_in_the_order_given(estate, nomis):
    route = estate.post("/nomis/non-associations").respond(201, json={"typeSequence": 3})
    request = CreateNonAssociationRequest(
        offender_no=OFFENDER, ns_offender_no=NS_OFFENDER, **FIELDS
    )
    assert nomis.create_detail(request) == 3
    assert sent(route).body == {
        "offenderNo": OFFENDER,
        "nsOffenderNo": NS_OFFENDER,
        "reason": "VIC",
        "recipReason": "PER",
        "type": "WING",
        "effectiveDate": "2021-07-05",
    }


def test_update_detail_never_sends_an_expiry(estate, nomis):
    route = estate.put(DETAIL).respond(200)
    request = UpdateNonAssociationRequest(authorised_by="Officer", comment="c", **FIELDS)
    nomis.update_detail(NS_OFFENDER, OFFENDER, 2, request)
    assert sent(route).body == {
        "reason": "VIC",
        "recipReason": "PER",
        "type": "WING",
        "effectiveDate": "2021-07-05",
        "authorisedBy": "Officer",
        "comment": "c",
    }


def test_close_detail_has_no_body(estate, nomis):
    route = estate.put(f"{DETAIL}/close").respond(200)
    nomis.close_detail(NS_OFFENDER, OFFENDER, 2)
    assert sent(route).body is None


@pytest.mark.parametrize(("status", "raised"), [(200, None), (404, NotFound)])
def test_delete_detail(estate, nomis, status, raised):
    estate.delete(DETAIL).respond(status, json=error(404, "gone") if raised else None)
    if raised:
        with pytest.raises(raised):
            nomis.delete_detail(NS_OFFENDER, OFFENDER, 2)
    else:
        nomis.delete_detail(NS_OFFENDER, OFFENDER, 2)


def test_details_of_a_pair_in_the_records_own_order(estate, nomis):
    estate.get(
        f"/nomis/non-associations/offender/{NS_OFFENDER}/ns-offender/{OFFENDER}/all"
    ).respond(
        200,
        json=[
            nomis_detail(1, "2023-08-25", "2023-09-01"),
            nomis_detail(2, "2024-01-02", offender=NS_OFFENDER, ns_offender=OFFENDER),
        ],
    )
    found = nomis.details(NS_OFFENDER, OFFENDER)
    assert [(d.type_sequence, d.offender_no, d.expiry_date) for d in found] == [
        (1, OFFENDER, dt.date(2023, 9, 1)),
        (2, NS_OFFENDER, None),
    ]


def test_details_of_an_unknown_pair_are_none(estate, nomis):
    estate.get(
        f"/nomis/non-associations/offender/{NS_OFFENDER}/ns-offender/{OFFENDER}/all"
    ).respond(404, json=error(404, "not found"))
    assert nomis.details(NS_OFFENDER, OFFENDER) == []


def test_ids_pages_through_the_pairs(estate, nomis):
    route = estate.get("/nomis/non-associations/ids").respond(
        200,
        json=page(
            [{"offenderNo1": OFFENDER, "offenderNo2": NS_OFFENDER}], total=34, number=2, size=10
        ),
    )
    found = nomis.ids(2, 10)
    assert found.total_elements == 34
    assert found.content == [NonAssociationId(offender_no1=OFFENDER, offender_no2=NS_OFFENDER)]
    assert sent(route).params == {"page": ["2"], "size": ["10"]}


def test_on_booking_lists_the_pairs(estate, nomis):
    estate.get("/nomis/non-associations/booking/1234567").respond(
        200, json=[{"offenderNo1": OFFENDER, "offenderNo2": "SOME-OTHER"}]
    )
    assert nomis.on_booking(1234567) == [
        NonAssociationId(offender_no1=OFFENDER, offender_no2="SOME-OTHER")
    ]
