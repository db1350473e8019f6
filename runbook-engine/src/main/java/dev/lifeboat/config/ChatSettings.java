package dev.lifeboat.config;

/**
 * Which chat adapters run.
 *
 * @param impersonation whether the console's {@code /as NAME} may switch the acting person; for
 *     demos and rehearsals only, never for a console that real people share
 */
public record ChatSettings(boolean console, boolean impersonation) {}
