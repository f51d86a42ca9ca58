# Code-server image for the official Dagster Helm chart's user deployments.
# Dependencies come from uv.lock in their own layer; the source is copied after them.
FROM python:3.11-slim AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir "uv==0.13.8"
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-default-groups --no-install-project
COPY dagster_project ./dagster_project
COPY assets ./assets
COPY sensors ./sensors
COPY resources ./resources
COPY workspace.yaml ./
RUN uv sync --frozen --no-default-groups

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 dagster
WORKDIR /app
COPY --from=build --chown=dagster:dagster /app /app
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1
USER 10001
EXPOSE 4000
CMD ["dagster", "code-server", "start", "-h", "0.0.0.0", "-p", "4000", \
     "-m", "dagster_project.definitions"]
