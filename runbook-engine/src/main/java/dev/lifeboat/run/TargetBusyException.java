package dev.lifeboat.run;

import dev.lifeboat.LifeboatException;

/** A target already has a run going; one run per target at a time. */
public class TargetBusyException extends LifeboatException {
  public TargetBusyException(String message) {
    super(message);
  }
}
