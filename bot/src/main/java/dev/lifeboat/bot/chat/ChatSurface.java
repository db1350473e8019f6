package dev.lifeboat.bot.chat;

/**
 * What a chat platform can do with messages, as the shared layer needs it: Slack, Discord and
 * tests implement it. {@code C} is the platform's message content (Block Kit for Slack).
 * Calls block; the shared layer makes them on its own threads.
 */
public interface ChatSurface<C> {
  /** Where a message is: the channel and the platform's id of the message (Slack's ts). */
  record Posted(String channel, String id) {}

  Posted post(String channel, C content) throws ChatCallFailed;

  void edit(Posted where, C content) throws ChatCallFailed;

  /** A plain reply under the message (Slack's thread), for details and logs. */
  void postInThread(Posted where, String text) throws ChatCallFailed;

  /** A message only {@code user} sees. */
  void ephemeral(String channel, String user, String text) throws ChatCallFailed;

  /**
   * A new channel named {@code name} with these people (platform ids) in it, for an incident;
   * returns its id. The default, for platforms that cannot, is empty: the incident stays where
   * it was started.
   */
  default java.util.Optional<String> openChannel(String name, java.util.List<String> members)
      throws ChatCallFailed {
    return java.util.Optional.empty();
  }

  /** The text of the message at {@code where} (a pinned one), when the platform lets us read it. */
  default java.util.Optional<String> read(Posted where) throws ChatCallFailed {
    return java.util.Optional.empty();
  }
}
