package dev.lifeboat.access;

import java.util.Arrays;
import java.util.Optional;

/** What a person may be allowed to do, per target. */
public enum Action {
  VIEW("see backups and runs"),
  BACKUP("take backups"),
  VERIFY("verify backups"),
  RESTORE("ask for restores"),
  DRILL("run restore drills"),
  APPROVE("approve destructive plans"),
  CANCEL("cancel other people's runs");

  private final String description;

  Action(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public String configName() {
    return name().toLowerCase();
  }

  public static Optional<Action> fromConfig(String text) {
    return Arrays.stream(values()).filter(a -> a.configName().equals(text.trim().toLowerCase()))
        .findFirst();
  }
}
