package dev.lifeboat.access;

import dev.lifeboat.LifeboatException;

/** A person asked for something the config does not allow them; nothing was changed. */
public class NotAuthorizedException extends LifeboatException {
  public NotAuthorizedException(String message) {
    super(message);
  }
}
