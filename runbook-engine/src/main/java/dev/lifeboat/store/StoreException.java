package dev.lifeboat.store;

import dev.lifeboat.LifeboatException;

/** A store is full, unreachable or holds something unreadable. */
public class StoreException extends LifeboatException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
