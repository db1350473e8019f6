package dev.lifeboat.config;

import java.util.OptionalInt;

/**
 * What {@code lifeboat serve} shows to the outside besides chat.
 *
 * @param httpPort where {@code /metrics} (Prometheus) and {@code /healthz} are served; off when
 *     empty, so a Lifeboat opens no port nobody asked for
 */
public record ServeSettings(OptionalInt httpPort) {}
