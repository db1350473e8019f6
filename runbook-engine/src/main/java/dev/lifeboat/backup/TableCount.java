package dev.lifeboat.backup;

/** Rows in one table, counted in the same snapshot the dump was taken from. */
public record TableCount(String schema, String table, long rows) {
  public String qualifiedName() {
    return schema + "." + table;
  }
}
