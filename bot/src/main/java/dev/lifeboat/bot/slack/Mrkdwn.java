package dev.lifeboat.bot.slack;

/** Slack's markup: what must be escaped and how long a text may be. */
final class Mrkdwn {
  /** Slack refuses a section text over 3000 characters. */
  static final int SECTION = 3000;

  private Mrkdwn() {}

  /**
   * Escapes the three characters Slack treats as control sequences, so a reason or an error
   * message cannot turn into a mention (&lt;!channel&gt;) or a link.
   */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Text inside a code block; backticks would end it early. */
  static String code(String text) {
    return "```" + escape(text).replace("```", "'''") + "```";
  }
}
