package dev.lifeboat.postgres;

/** SQL identifiers are always quoted, so no name can become SQL. */
public final class SqlNames {
  private SqlNames() {}

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
