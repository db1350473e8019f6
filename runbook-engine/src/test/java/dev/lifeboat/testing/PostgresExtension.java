package dev.lifeboat.testing;

import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.postgres.ToolVersionException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a real PostgreSQL: declare a {@link TestPostgres} parameter on a test method,
 * constructor or {@code @BeforeAll} method of a class annotated
 * {@code @ExtendWith(PostgresExtension.class)}.
 *
 * <p>One cluster serves the whole test JVM. It is created on first use under
 * {@code target/pg-test-<random>} of the module being tested and stopped and deleted when the run
 * ends. Tests share it, so each test works in its own {@link TestPostgres#newDatabase()}.
 *
 * <p>Missing PostgreSQL binaries fail the tests rather than skip them: a skipped database test
 * reads as a passing build.
 */
public final class PostgresExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(PostgresExtension.class);
  private static final String KEY = "shared-cluster";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestPostgres.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return shared(context);
  }

  /** The JVM-wide cluster, started on first call; a failed start fails every later call too. */
  static TestPostgres shared(ExtensionContext context) {
    // The root store lives as long as the test run and closes its resources at the end.
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(KEY, key -> SharedCluster.start(), SharedCluster.class)
        .postgres();
  }

  /**
   * The {@code target} directory of the module under test. Surefire and failsafe set
   * {@code basedir}; IDEs usually run tests in the module directory.
   */
  public static Path moduleTarget() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Path.of(basedir).toAbsolutePath().normalize().resolve("target");
  }

  /** Owns the cluster; the shutdown hook covers runs that end without closing the store. */
  private record SharedCluster(TestPostgres postgres, Thread shutdownHook)
      implements ExtensionContext.Store.CloseableResource {

    static SharedCluster start() {
      Path directory = moduleTarget().resolve("pg-test-" + UUID.randomUUID().toString()
          .substring(0, 8));
      LocalCluster.Options options;
      try {
        options = LocalCluster.Options.throwaway(directory, PgInstallation.newestServer());
      } catch (ToolVersionException e) {
        throw new IllegalStateException("These tests need a local PostgreSQL server and none was"
            + " found. Install one with: apt-get install -y postgresql (" + e.getMessage() + ")",
            e);
      }
      LocalCluster cluster = LocalCluster.start(options);
      Thread hook = cluster.shutdownHook();
      Runtime.getRuntime().addShutdownHook(hook);
      return new SharedCluster(new TestPostgres(cluster), hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; close() below is idempotent
      }
      postgres.cluster().close();
    }
  }
}
