"""The Dagster warnings this service has decided on, silenced by name (no command prints them).

- `PreviewWarning` for `partitions_def` on an `AssetCheckSpec`: kept on purpose. A check per
  partition is what shows *which* date or week failed (the partition's own check status and
  the repair link for that partition); no stable Dagster API does that yet. Revisit when the
  parameter leaves preview.
- `BetaWarning` for `SensorDefinition`'s `owners`: raised by Dagster itself when it copies a
  sensor while resolving the repository (`with_updated_jobs` passes `owners` along); this
  service sets no owners.

Anything else Dagster warns about still shows. Import this module before defining assets.
"""

from __future__ import annotations

import warnings

import dagster as dg

warnings.filterwarnings(
    "ignore",
    message="Specifying a partitions_def on an AssetCheckSpec",
    category=dg.PreviewWarning,
)
warnings.filterwarnings(
    "ignore",
    message="Parameter `owners` of initializer `SensorDefinition.__init__`",
    category=dg.BetaWarning,
)
