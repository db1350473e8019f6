package dev.lifeboat;

/**
 * Root of every error Lifeboat reports to a person. The message is written for the person in the
 * channel or at the terminal: what happened and what to do about it. Adapters map these once, at
 * their edge, to their idiom (a console line, an ephemeral message, an exit code).
 */
public class LifeboatException extends RuntimeException {
  public LifeboatException(String message) {
    super(message);
  }

  public LifeboatException(String message, Throwable cause) {
    super(message, cause);
  }
}
