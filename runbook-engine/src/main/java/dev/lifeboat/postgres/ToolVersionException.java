package dev.lifeboat.postgres;

import dev.lifeboat.LifeboatException;

/** A PostgreSQL client tool is missing or too old for the server it must talk to. */
public class ToolVersionException extends LifeboatException {
  public ToolVersionException(String message) {
    super(message);
  }
}
