package dev.lifeboat.target;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The libpq connection parameters a target may carry (in its URL's query or as keys of its own),
 * with the environment variable that hands each to {@code pg_dump}, {@code pg_restore} and
 * {@code psql}, and the PostgreSQL JDBC driver's name for it where the driver has one. One table,
 * so Lifeboat's own connection and the tools' connections always agree.
 *
 * <p>Parameters the driver lacks (for example {@code sslcrl}) still reach the tools; parameters
 * that have no environment variable in libpq (keepalives, {@code sslpassword}) are not accepted,
 * since the tools could not be given them without putting them on a command line.
 */
public enum LibpqParameter {
  SSLMODE("sslmode", "PGSSLMODE", "sslmode", false),
  SSLROOTCERT("sslrootcert", "PGSSLROOTCERT", "sslrootcert", true),
  SSLCERT("sslcert", "PGSSLCERT", "sslcert", true),
  SSLKEY("sslkey", "PGSSLKEY", "sslkey", true),
  SSLCRL("sslcrl", "PGSSLCRL", null, true),
  SSLCRLDIR("sslcrldir", "PGSSLCRLDIR", null, true),
  SSLNEGOTIATION("sslnegotiation", "PGSSLNEGOTIATION", "sslNegotiation", false),
  SSLSNI("sslsni", "PGSSLSNI", null, false),
  SSL_MIN_PROTOCOL_VERSION("ssl_min_protocol_version", "PGSSLMINPROTOCOLVERSION", null, false),
  SSL_MAX_PROTOCOL_VERSION("ssl_max_protocol_version", "PGSSLMAXPROTOCOLVERSION", null, false),
  CONNECT_TIMEOUT("connect_timeout", "PGCONNECT_TIMEOUT", "connectTimeout", false),
  APPLICATION_NAME("application_name", "PGAPPNAME", "ApplicationName", false),
  OPTIONS("options", "PGOPTIONS", "options", false),
  TARGET_SESSION_ATTRS("target_session_attrs", "PGTARGETSESSIONATTRS", "targetServerType", false,
      LibpqParameter::targetServerType),
  GSSENCMODE("gssencmode", "PGGSSENCMODE", "gssEncMode", false),
  KRBSRVNAME("krbsrvname", "PGKRBSRVNAME", "kerberosServerName", false),
  CHANNEL_BINDING("channel_binding", "PGCHANNELBINDING", "channelBinding", false),
  REQUIRE_AUTH("require_auth", "PGREQUIREAUTH", null, false),
  LOAD_BALANCE_HOSTS("load_balance_hosts", "PGLOADBALANCEHOSTS", "loadBalanceHosts", false,
      v -> Boolean.toString(v.equals("random")));

  private static final Map<String, LibpqParameter> BY_NAME = Arrays.stream(values())
      .collect(Collectors.toMap(LibpqParameter::key, p -> p, (a, b) -> a,
          java.util.LinkedHashMap::new));

  private final String key;
  private final String environmentVariable;
  private final String jdbcName;
  private final boolean path;
  private final Function<String, String> toJdbc;

  LibpqParameter(String key, String environmentVariable, String jdbcName, boolean path) {
    this(key, environmentVariable, jdbcName, path, Function.identity());
  }

  LibpqParameter(String key, String environmentVariable, String jdbcName, boolean path,
      Function<String, String> toJdbc) {
    this.key = key;
    this.environmentVariable = environmentVariable;
    this.jdbcName = jdbcName;
    this.path = path;
    this.toJdbc = toJdbc;
  }

  /** The parameter's libpq name, as written in a URL or in lifeboat.yaml. */
  public String key() {
    return key;
  }

  /** The libpq environment variable that carries it to the tools. */
  public String environmentVariable() {
    return environmentVariable;
  }

  /** Whether its value names a file (resolved against the config file's folder). */
  public boolean isPath() {
    return path;
  }

  /** The JDBC driver's property and value for it, when the driver has one. */
  public Optional<Map.Entry<String, String>> jdbc(String value) {
    return jdbcName == null ? Optional.empty()
        : Optional.of(Map.entry(jdbcName, toJdbc.apply(value)));
  }

  /** What is wrong with {@code value} for this parameter, if anything; in libpq's terms. */
  public Optional<String> problem(String value) {
    java.util.List<String> allowed = switch (this) {
      case SSLMODE -> java.util.List.of("disable", "allow", "prefer", "require", "verify-ca",
          "verify-full");
      case TARGET_SESSION_ATTRS -> java.util.List.of("any", "read-write", "read-only", "primary",
          "standby", "prefer-standby");
      case GSSENCMODE -> java.util.List.of("disable", "prefer", "require");
      case CHANNEL_BINDING -> java.util.List.of("disable", "prefer", "require");
      case LOAD_BALANCE_HOSTS -> java.util.List.of("disable", "random");
      case SSLNEGOTIATION -> java.util.List.of("postgres", "direct");
      default -> java.util.List.of();
    };
    if (!allowed.isEmpty() && !allowed.contains(value)) {
      return Optional.of("must be one of " + String.join(", ", allowed));
    }
    if (this == CONNECT_TIMEOUT && !value.matches("\\d{1,6}")) {
      return Optional.of("must be a number of seconds, for example 10");
    }
    return Optional.empty();
  }

  public static Optional<LibpqParameter> named(String key) {
    return Optional.ofNullable(BY_NAME.get(key));
  }

  public static java.util.Set<String> keys() {
    return java.util.Collections.unmodifiableSet(BY_NAME.keySet());
  }

  /** libpq's target_session_attrs in the driver's words (its targetServerType). */
  private static String targetServerType(String libpq) {
    return switch (libpq) {
      case "read-write", "primary" -> "primary";
      case "read-only", "standby" -> "secondary";
      case "prefer-standby" -> "preferSecondary";
      default -> "any";
    };
  }
}
