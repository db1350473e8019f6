package dev.lifeboat;

/** Small helpers for the messages Lifeboat shows people. */
public final class Messages {
  private Messages() {}

  /** The first line of a tool's or driver's message, without the position and hint lines. */
  public static String firstLine(String message) {
    if (message == null) {
      return "no reason given";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
