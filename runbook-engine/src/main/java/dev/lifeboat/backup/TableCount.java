package dev.lifeboat.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Rows in one table, counted in the same snapshot the dump was taken from.
 *
 * @param newestColumn the table's indexed time column ({@code created_at}...), null when it has
 *     none or the manifest is older than that field
 * @param newest that column's newest value in the snapshot, null when the table was empty
 */
public record TableCount(String schema, String table, long rows,
    @JsonInclude(JsonInclude.Include.NON_NULL) String newestColumn,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant newest) {

  /** A count without a time column. */
  public TableCount(String schema, String table, long rows) {
    this(schema, table, rows, null, null);
  }

  public String qualifiedName() {
    return schema + "." + table;
  }
}
