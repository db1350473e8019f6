package dev.lifeboat.bot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Socket Mode envelopes as Slack sends them (slash_commands, interactive block_actions,
 * events_api reaction_added), and the same payloads for HTTP mode.
 */
final class Envelopes {
  static final String TEAM = "T0LIFEBOAT";
  private static final ObjectMapper JSON = new ObjectMapper();

  private Envelopes() {}

  static ObjectNode slashCommand(String user, String channel, String command, String text,
      String triggerId, String responseUrl) {
    return JSON.createObjectNode().put("token", "legacy-verification-token")
        .put("team_id", TEAM).put("team_domain", "lifeboat").put("channel_id", channel)
        .put("channel_name", "ops").put("user_id", user).put("user_name", user.toLowerCase())
        .put("command", command).put("text", text).put("api_app_id", "A0LIFEBOAT")
        .put("is_enterprise_install", "false").put("response_url", responseUrl)
        .put("trigger_id", triggerId);
  }

  static ObjectNode click(String user, String channel, String messageTs, String actionId,
      String value, String actionTs, String responseUrl) {
    ObjectNode p = JSON.createObjectNode().put("type", "block_actions")
        .put("api_app_id", "A0LIFEBOAT").put("token", "legacy-verification-token")
        .put("trigger_id", "trigger-" + actionTs).put("response_url", responseUrl)
        .put("is_enterprise_install", false);
    p.putObject("user").put("id", user).put("username", user.toLowerCase())
        .put("name", user.toLowerCase()).put("team_id", TEAM);
    p.putObject("team").put("id", TEAM).put("domain", "lifeboat");
    p.putObject("container").put("type", "message").put("message_ts", messageTs)
        .put("channel_id", channel).put("is_ephemeral", false);
    p.putObject("channel").put("id", channel).put("name", "ops");
    p.putObject("message").put("type", "message").put("ts", messageTs)
        .put("user", FakeSlack.BOT_USER).put("bot_id", FakeSlack.BOT_ID).put("text", "request");
    p.putArray("actions").addObject().put("action_id", actionId)
        .put("block_id", "lifeboat-approval-a" + value + "-actions").put("value", value)
        .put("type", "button").put("action_ts", actionTs)
        .putObject("text").put("type", "plain_text").put("text", actionId);
    return p;
  }

  static ObjectNode reaction(String eventId, String user, String reaction, String channel,
      String ts) {
    ObjectNode p = JSON.createObjectNode().put("token", "legacy-verification-token")
        .put("team_id", TEAM).put("api_app_id", "A0LIFEBOAT").put("type", "event_callback")
        .put("event_id", eventId).put("event_time", 1763900000).put("is_ext_shared_channel",
            false).put("event_context", "ctx-" + eventId);
    ObjectNode event = p.putObject("event").put("type", "reaction_added").put("user", user)
        .put("reaction", reaction).put("item_user", FakeSlack.BOT_USER)
        .put("event_ts", "1763900001.000100");
    event.putObject("item").put("type", "message").put("channel", channel).put("ts", ts);
    p.putArray("authorizations").addObject().put("team_id", TEAM)
        .put("user_id", FakeSlack.BOT_USER).put("is_bot", true)
        .put("is_enterprise_install", false);
    return p;
  }

  /** Wraps a payload in a Socket Mode envelope. */
  static String envelope(String envelopeId, String type, ObjectNode payload, int retryAttempt) {
    ObjectNode e = JSON.createObjectNode().put("envelope_id", envelopeId).put("type", type)
        .put("accepts_response_payload", type.equals("slash_commands"));
    if (type.equals("events_api")) {
      e.put("retry_attempt", retryAttempt).put("retry_reason", retryAttempt > 0 ? "timeout" : "");
    }
    e.set("payload", payload);
    return e.toString();
  }
}
