package dev.lifeboat.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.run.Cancellation;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Batched exact counts against a real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class RowCountsIT {

  @Test
  void countsEveryTableInOrderAcrossBatches(TestPostgres pg) throws SQLException {
    TestDatabase db = pg.newDatabase();
    int tables = RowCounts.BATCH + 31;
    db.execute("CREATE SCHEMA \"Odd \"\"schema\"\"\"");
    StringBuilder ddl = new StringBuilder();
    List<RowCounts.Table> names = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      // table i holds i rows; every third one has a name that needs quoting
      String name = i % 3 == 0 ? "t; drop \"" + i : "t" + i;
      String schema = i % 2 == 0 ? "public" : "Odd \"schema\"";
      String q = DatabaseAdmin.quote(schema, name);
      ddl.append("CREATE TABLE ").append(q).append(" (n int); INSERT INTO ").append(q)
          .append(" SELECT generate_series(1, ").append(i).append(");");
      names.add(new RowCounts.Table(schema, name));
    }
    db.execute(ddl.toString());
    List<Integer> progress = new ArrayList<>();

    List<Long> rows;
    try (Connection c = db.connect()) {
      rows = RowCounts.count(c, names, new Cancellation(), progress::add);
    }

    assertThat(rows).containsExactlyElementsOf(
        IntStream.range(0, tables).mapToObj(i -> (long) i).toList());
    assertThat(progress).containsExactly(RowCounts.BATCH, tables);
  }

  @Test
  void aMissingTableFailsWithTheServersWords(TestPostgres pg) throws SQLException {
    TestDatabase db = pg.newDatabase();
    try (Connection c = db.connect()) {
      assertThatThrownBy(() -> RowCounts.count(c, List.of(new RowCounts.Table("public", "gone")),
          new Cancellation(), done -> { }))
          .isInstanceOf(SQLException.class).hasMessageContaining("\"public.gone\" does not exist");
    }
  }
}
