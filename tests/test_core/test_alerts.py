"""Slack posting through dagster-slack when a token is bound; nothing sent without one."""

from unittest import mock

from resources.alerts import AlertsResource


def test_posts_to_the_configured_channel_when_a_token_is_set():
    with mock.patch("slack_sdk.WebClient.chat_postMessage") as post:
        AlertsResource(slack_token="xoxb-test", channel="#ops").post("check failed")
    post.assert_called_once_with(channel="#ops", text="check failed")


def test_without_a_token_nothing_is_sent():
    with mock.patch("slack_sdk.WebClient.chat_postMessage") as post:
        resource = AlertsResource()
        resource.post("check failed")
    assert not resource.slack_enabled and not post.called
