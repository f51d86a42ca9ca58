# syntax=docker/dockerfile:1
# Code-server image for the official Dagster Helm chart's user deployments (docs/deploy.md).
# Build stage: the dependencies from uv.lock alone (this layer changes only with the lock), then
# the four packages, installed non-editable into the same venv. Only the venv is shipped, and
# without the `local` (sandbox, moto) and `dev` groups. tests/deploy/test_image_steps.py re-does
# these steps and checks this file's shape.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG UV_VERSION=0.13.8

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

FROM ${PYTHON_IMAGE} AS build
COPY --from=uv /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-default-groups --no-install-project
COPY dagster_project ./dagster_project
COPY assets ./assets
COPY sensors ./sensors
COPY resources ./resources
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-default-groups --no-editable

# Same base image: the venv's python links to /usr/local/bin/python3.11.
FROM ${PYTHON_IMAGE}
RUN useradd --create-home --uid 10001 --user-group dagster
WORKDIR /app
# Owned by root: the service cannot change its own code.
COPY --from=build /app/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER 10001:10001
EXPOSE 4000
# CMD, not ENTRYPOINT: the chart sets the container's `args` (`dagster code-server start …` for
# codeServerArgs, `dagster api grpc …` for dagsterApiGrpcArgs), and so does the K8sRunLauncher
# for run pods (`dagster api execute_run …`); both replace this default.
CMD ["dagster", "code-server", "start", "-h", "0.0.0.0", "-p", "4000", \
     "-m", "dagster_project.definitions"]
