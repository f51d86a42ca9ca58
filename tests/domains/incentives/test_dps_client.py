"""IncentivesClient: reads of reviews and levels from the DPS incentives API."""

import datetime as dt

import pytest

from resources.errors import NotFound
from tests.domains.incentives.payloads import LEVELS, PRISON_LEVEL, REVIEW, REVIEW_SUMMARY
from tests.wire import error, sent

pytestmark = pytest.mark.contract_mocked_responses


def test_get_review(estate, incentives):
    route = estate.get("/incentives/incentive-reviews/id/101").respond(200, json=REVIEW)
    review = incentives.get_review(101)
    assert sent(route).method == "GET"
    assert (review.id, review.iep_code, review.iep_level) == (101, "STD", "Standard")
    assert (review.prisoner_number, review.booking_id, review.agency_id) == (
        "A1234AA",
        1234567,
        "MDI",
    )
    assert review.iep_date == dt.date(2026, 11, 20)
    assert review.iep_time == dt.datetime(2026, 11, 20, 10, 15, 0, 123456)
    assert (review.user_id, review.comments) == ("AJONES", "A review took place")


def test_get_review_accepts_null_user_and_comments(estate, incentives):
    estate.get("/incentives/incentive-reviews/id/101").respond(
        200, json={**REVIEW, "userId": None, "comments": None}
    )
    review = incentives.get_review(101)
    assert (review.user_id, review.comments) == (None, None)


def test_a_missing_review_raises_not_found(estate, incentives):
    estate.get("/incentives/incentive-reviews/id/999").respond(
        404, json=error(404, "Incentive review not found")
    )
    with pytest.raises(NotFound) as raised:
        incentives.get_review(999)
    assert raised.value.api == "incentives-api"


def test_get_current_review(estate, incentives):
    estate.get("/incentives/incentive-reviews/prisoner/A1234AA").respond(200, json=REVIEW_SUMMARY)
    summary = incentives.get_current_review("A1234AA")
    assert summary is not None
    assert (summary.id, summary.iep_code, summary.booking_id) == (101, "STD", 1234567)


def test_get_current_review_is_none_without_reviews(estate, incentives):
    estate.get("/incentives/incentive-reviews/prisoner/A1234AA").respond(
        404, json=error(404, "No incentive reviews found")
    )
    assert incentives.get_current_review("A1234AA") is None


def test_get_level(estate, incentives):
    estate.get("/incentives/incentive/levels/STD").respond(200, json=LEVELS[1])
    level = incentives.get_level("STD")
    assert (level.code, level.name, level.active) == ("STD", "Standard", True)


def test_list_levels_includes_inactive_ones(estate, incentives):
    route = estate.get("/incentives/incentive/levels").respond(200, json=LEVELS)
    levels = incentives.list_levels()
    assert sent(route).params == {"with-inactive": ["true"]}
    assert [(level.code, level.active) for level in levels] == [
        ("BAS", True),
        ("STD", True),
        ("ENT", False),
    ]


def test_get_prison_level(estate, incentives):
    estate.get("/incentives/incentive/prison-levels/MDI/level/STD").respond(200, json=PRISON_LEVEL)
    level = incentives.get_prison_level("MDI", "STD")
    assert (level.level_code, level.prison_id, level.default_on_admission) == ("STD", "MDI", True)
    assert (level.visit_orders, level.privileged_visit_orders) == (2, 1)
    assert level.remand_transfer_limit_in_pence == 5500
    assert level.convicted_spend_limit_in_pence == 18000
