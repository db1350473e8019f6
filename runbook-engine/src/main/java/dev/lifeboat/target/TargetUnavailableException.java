package dev.lifeboat.target;

import dev.lifeboat.LifeboatException;

/** The target database cannot be reached (down, wrong address, wrong password). */
public class TargetUnavailableException extends LifeboatException {
  public TargetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
