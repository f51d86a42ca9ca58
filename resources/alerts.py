"""Where ops alerts go: Slack through dagster-slack when configured, else the log and the store."""

import dagster as dg
from dagster_slack import SlackResource
from pydantic import Field


class AlertsResource(dg.ConfigurableResource):
    """Posts alert text to Slack when a token is bound (SLACK_TOKEN via dg.EnvVar)."""

    slack_token: str | None = Field(
        default=None, description="Bound as dg.EnvVar when set", repr=False
    )
    channel: str = Field(default="#prisoner-to-nomis-alerts", description="Slack channel")

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_token)

    def post(self, text: str) -> None:
        """Send to Slack; callers have already written the alert to the log and the store."""
        if self.slack_token:
            client = SlackResource(token=self.slack_token).get_client()
            client.chat_postMessage(channel=self.channel, text=text)
