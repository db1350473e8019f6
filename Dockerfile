# syntax=docker/dockerfile:1
# Lifeboat image: the runnable jar on a JRE 21, with the PostgreSQL client tools of every
# supported major. Lifeboat picks the pg_dump that matches each server's major version and
# refuses an older one, so one image serves every server it may meet, 13 to 18.
#
#   docker build -t lifeboat .
#   docker run -v ./lifeboat.yaml:/etc/lifeboat/lifeboat.yaml -v lifeboat-data:/var/lib/lifeboat \
#     -e SHOP_DB_PASSWORD_FILE=/run/secrets/shop_db_password lifeboat
#
# Base images are pinned to a Java release line and an Ubuntu release (noble), never to a
# floating "latest"; for reproducible release builds pass the digests you vetted, for example
# --build-arg JRE_IMAGE=eclipse-temurin:21-jre-noble@sha256:...
ARG JDK_IMAGE=eclipse-temurin:21-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21-jre-noble

# ---- build, with the pinned Maven of ./mvnw ----
FROM ${JDK_IMAGE} AS build
WORKDIR /src
# Everything but what .dockerignore leaves out: a new module needs no change here. The cache
# mount keeps ~/.m2 between builds, so only changed sources cost time; a failure fails the build.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Djacoco.skip=true package

# ---- run ----
FROM ${JRE_IMAGE}
ARG PG_MAJORS="18 17 16 15 14 13"
# PostgreSQL server majors to install for verification in a throwaway local cluster (the same
# major as each target's server), e.g. --build-arg SCRATCH_SERVERS="15 16". Without them,
# verification restores on a verify_server, or on the target's own server (config check says so).
ARG SCRATCH_SERVERS=""
# The PostgreSQL apt repository carries every major version's client; Ubuntu's own archive only
# one. postgresql-common's script adds the repository and its signing key. tini is PID 1.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-common ca-certificates tini \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends \
      $(for v in $PG_MAJORS; do printf 'postgresql-client-%s ' "$v"; done) \
 && if [ -n "${SCRATCH_SERVERS}" ]; then \
      echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf; fi \
 && for v in ${SCRATCH_SERVERS}; do \
      apt-get install -y --no-install-recommends "postgresql-${v}" || exit 1; done \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/lifeboat --create-home lifeboat
COPY --from=build /src/bot/target/lifeboat.jar /opt/lifeboat/lifeboat.jar
# Used when the mounted lifeboat.yaml names no runbooks: and has no runbooks/ beside it.
COPY config/runbooks /opt/lifeboat/config/runbooks
COPY --chmod=0755 docker/entrypoint.sh /opt/lifeboat/entrypoint.sh
COPY bot/jvm/one-off-jit.json /opt/lifeboat/one-off-jit.json
COPY --chmod=0755 docker/healthcheck.sh /opt/lifeboat/healthcheck.sh
# The config (lifeboat.yaml) is mounted here; the embedded state and a local store live on the
# second volume, which must be writable by uid 10001 (the entry point says so when it is not).
VOLUME ["/etc/lifeboat", "/var/lib/lifeboat"]
ENV LIFEBOAT_CONFIG=/etc/lifeboat/lifeboat.yaml \
    LIFEBOAT_HOME=/opt/lifeboat
USER lifeboat
WORKDIR /var/lib/lifeboat
# On `docker stop` (SIGTERM, passed on by tini) serve takes no new commands, lets going runs
# finish for instance.shutdown_grace (5 s by default), cancels and cleans up the rest, posts their
# final states and exits 0. Docker kills after 10 s: for a longer grace, give it
# shutdown_grace + 5 s, e.g. `docker stop -t 65` (compose: stop_grace_period: 65s; Kubernetes:
# terminationGracePeriodSeconds: 65) with shutdown_grace: 60s.
STOPSIGNAL SIGTERM
# Healthy means Lifeboat works, not that every backup is fresh (that is an alert, which a
# restart would not fix). With serve.http_port set, give the same port in LIFEBOAT_HEALTH_PORT
# (or as the script's argument) and /healthz answers; without it, `lifeboat status --nagios`
# must be able to read the config and the state database. A one-off `docker run ... backup
# now` finishes long before the first check.
HEALTHCHECK --interval=30s --timeout=20s --start-period=60s --retries=3 \
  CMD ["/opt/lifeboat/healthcheck.sh"]
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/lifeboat/entrypoint.sh"]
CMD ["serve"]
