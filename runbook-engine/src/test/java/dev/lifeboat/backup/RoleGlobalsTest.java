package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleGlobalsTest {
  private static final String DUMPALL = """
      --
      -- PostgreSQL database cluster dump
      --

      SET default_transaction_read_only = off;

      SET client_encoding = 'UTF8';
      SET standard_conforming_strings = on;

      --
      -- Roles
      --

      CREATE ROLE app;
      ALTER ROLE app WITH NOSUPERUSER INHERIT LOGIN NOREPLICATION NOBYPASSRLS;
      CREATE ROLE "Read Only";
      ALTER ROLE "Read Only" WITH NOSUPERUSER INHERIT NOLOGIN NOREPLICATION;
      CREATE ROLE other_team;
      ALTER ROLE other_team WITH NOSUPERUSER INHERIT LOGIN NOREPLICATION;
      ALTER ROLE app SET search_path TO 'shop', 'public';
      COMMENT ON ROLE other_team IS 'billing';

      --
      -- Role memberships
      --

      GRANT "Read Only" TO app WITH INHERIT TRUE GRANTED BY postgres;
      GRANT "Read Only" TO other_team WITH INHERIT TRUE GRANTED BY postgres;

      --
      -- PostgreSQL database cluster dump complete
      --
      """;

  @Test
  void keepsOnlyTheRolesTheDatabaseUsesAndTheirMemberships() {
    String reduced = RoleGlobals.reduce(DUMPALL, List.of("app", "Read Only"));

    assertThat(reduced).contains("SET standard_conforming_strings = on;\n")
        .contains("CREATE ROLE app;\n", "ALTER ROLE app WITH NOSUPERUSER",
            "CREATE ROLE \"Read Only\";\n", "ALTER ROLE app SET search_path",
            "GRANT \"Read Only\" TO app WITH INHERIT TRUE GRANTED BY postgres;\n")
        .doesNotContain("other_team")
        .doesNotContain("PASSWORD");
  }
}
