package dev.lifeboat.config;

import java.util.Optional;

/**
 * {@code chat.slack}: how the Slack adapter connects. Only the names of the environment
 * variables holding tokens live here, never the tokens.
 *
 * @param mode "socket" (no public URL needed) or "http" (signed requests on {@code port})
 * @param apiUrl Slack's Web API, or a compatible server (GovSlack, a proxy, a test double)
 * @param channel where runs started outside Slack and interrupted runs are announced
 */
public record SlackChatSettings(String mode, String botTokenEnv, String appTokenEnv,
    String signingSecretEnv, String apiUrl, Optional<String> channel, int port) {}
