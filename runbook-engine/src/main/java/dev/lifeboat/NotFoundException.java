package dev.lifeboat;

/** Something a person named (a target, a backup, a run, a person) does not exist. */
public class NotFoundException extends LifeboatException {
  public NotFoundException(String message) {
    super(message);
  }
}
