package dev.lifeboat.bot.cli;

import java.util.OptionalInt;

/**
 * The launcher's way to hand a command to a serve: a JVM with a jar of these few classes
 * ({@code lifeboat-handoff.jar}) starts in half the time of one that opens Lifeboat's jar of
 * 29,000 entries and maps its cache. Exits with the command's status, or {@link #NOT_TAKEN}
 * when no serve took it: the launcher then runs the command with the whole of Lifeboat.
 */
public final class HandoffMain {
  /** Not one of Lifeboat's exit statuses (docs/operations.md), nor a signal's (128 + n). */
  public static final int NOT_TAKEN = 99;

  private HandoffMain() {}

  public static void main(String[] args) {
    OptionalInt handed = HandoffClient.attempt(args);
    System.exit(handed.isPresent() ? handed.getAsInt() : NOT_TAKEN);
  }
}
