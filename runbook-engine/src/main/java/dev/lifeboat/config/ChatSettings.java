package dev.lifeboat.config;

/**
 * Which chat adapters run.
 *
 * @param impersonation whether the console's {@code /as NAME} may switch the acting person; for
 *     demos and rehearsals only, never for a console that real people share
 * @param slack the Slack adapter's settings, when {@code chat.slack.enabled} is true
 */
public record ChatSettings(boolean console, boolean impersonation,
    java.util.Optional<SlackChatSettings> slack) {}
