package dev.lifeboat;

/** A command or argument that cannot be understood; the message says what would be understood. */
public class InvalidInputException extends LifeboatException {
  public InvalidInputException(String message) {
    super(message);
  }
}
