# Lifeboat image: the runnable jar on a JRE 21 (the current LTS line the code targets), with the newest PostgreSQL client tools so that
# pg_dump is never older than the servers it backs up (Lifeboat refuses an older pg_dump).

# ---- build ----
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
# Poms first: the dependency layer is reused until a pom changes.
COPY pom.xml ./
COPY runbook-engine/pom.xml runbook-engine/
COPY bot/pom.xml bot/
RUN mvn -B -q -DskipTests -Djacoco.skip=true dependency:go-offline || true
COPY runbook-engine/src runbook-engine/src
COPY bot/src bot/src
RUN mvn -B -q -DskipTests -Djacoco.skip=true package

# ---- run ----
FROM eclipse-temurin:21-jre
ARG PG_MAJOR=17
# The PostgreSQL apt repository carries every major version's client; Debian/Ubuntu's own
# archive only one. postgresql-common's script adds the repository and its signing key.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-common ca-certificates \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends "postgresql-client-${PG_MAJOR}" \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --home-dir /var/lib/lifeboat --create-home lifeboat
COPY --from=build /src/bot/target/lifeboat.jar /opt/lifeboat/lifeboat.jar
COPY config/runbooks /opt/lifeboat/config/runbooks
# The config (lifeboat.yaml, with `runbooks: /opt/lifeboat/config/runbooks` or your own) is
# mounted here; the embedded state and a local store live on the second volume.
VOLUME ["/etc/lifeboat", "/var/lib/lifeboat"]
ENV LIFEBOAT_CONFIG=/etc/lifeboat/lifeboat.yaml \
    LIFEBOAT_HOME=/opt/lifeboat
USER lifeboat
WORKDIR /var/lib/lifeboat
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/lifeboat/lifeboat.jar"]
CMD ["serve"]
