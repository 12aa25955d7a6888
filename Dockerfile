# syntax=docker/dockerfile:1.7
# The image of any one service: SERVICE names it (referrals, groups, volunteers,
# notifications, ops or portal). Build from the repository root:
#   docker build --build-arg SERVICE=referrals -t t2t-referrals .
# docker-compose.yml and deploy/ build each service's image from this file.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# Only the workspace manifests, so the dependency layer below is rebuilt when uv.lock or
# a pyproject.toml changes, not on every code change. uv needs every member's manifest to
# read the workspace; copying them this way means a new member needs no edit here.
FROM ${PYTHON_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN find . -type f ! -name pyproject.toml ! -name uv.lock -delete \
 && find . -depth -type d -empty -delete

FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
# Each service's port (T2T_<SERVICE>_PORT overrides it at run time); an unknown or missing
# SERVICE stops the build here rather than producing an image that cannot start.
RUN case "${SERVICE}" in \
      ops) port=8000 ;; referrals) port=8001 ;; groups) port=8002 ;; \
      volunteers) port=8003 ;; notifications) port=8004 ;; portal) port=8005 ;; \
      *) echo "build with --build-arg SERVICE=<referrals|groups|volunteers|notifications|ops|portal>, not '${SERVICE}'" >&2; exit 1 ;; \
    esac \
 && mkdir -p /app && echo "${port}" > /app/port
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
COPY --from=manifests /src ./
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package "t2t-${SERVICE}"
COPY shared shared
COPY services/${SERVICE} services/${SERVICE}
# --no-editable installs the workspace packages as wheels: the runtime needs /app/.venv only.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package "t2t-${SERVICE}"

# Same base as the build stage, so the venv's interpreter path stays valid.
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
# A numeric USER lets Kubernetes' runAsNonRoot verify the user without reading /etc/passwd.
RUN groupadd --system --gid 10001 t2t \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin t2t \
 && mkdir -p /var/lib/t2t \
 && chown 10001:10001 /var/lib/t2t
# The venv stays root-owned: the service cannot modify its own code.
COPY --from=build /app/.venv /app/.venv
COPY --from=build /app/port /app/port
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    T2T_HOST=0.0.0.0 \
    T2T_HOME=/var/lib/t2t \
    T2T_SERVICE=${SERVICE}
WORKDIR /app
USER 10001:10001
# Documentation only (compose and Kubernetes publish the port): the services' range.
EXPOSE 8000-8005
# python:slim has no curl; urlopen raises (exit 1) on a refused connection or a non-2xx.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; s = os.environ['T2T_SERVICE']; port = os.environ.get('T2T_' + s.upper() + '_PORT') or open('/app/port').read().strip(); urllib.request.urlopen('http://127.0.0.1:' + port + '/healthz', timeout=3)"]
# A shell, so the service named at build time is run; exec hands it the signals.
CMD ["sh", "-c", "exec python -m \"$T2T_SERVICE\" serve"]
