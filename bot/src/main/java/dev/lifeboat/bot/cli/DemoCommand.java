package dev.lifeboat.bot.cli;

import dev.lifeboat.bot.demo.DemoEnvironment;
import dev.lifeboat.bot.demo.DemoWrites;
import dev.lifeboat.config.LifeboatConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat demo}: a throwaway PostgreSQL with sample data, and the console as alice. */
@Command(name = "demo", description = "Start a throwaway PostgreSQL with a sample shop database "
    + "and chat with Lifeboat about it, as alice.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--keep", description = "keep the demo folder (backups, state) afterwards")
  boolean keep;

  @Option(names = "--config", paramLabel = "FILE", description = "the demo config "
      + "(default: config/demo/lifeboat.yaml under $LIFEBOAT_HOME or the current folder)")
  Path config;

  @Override
  public Integer call() throws Exception {
    Path file = config != null ? config : home().resolve("config/demo/lifeboat.yaml");
    System.out.println("Starting a throwaway PostgreSQL cluster with a sample shop database…");
    try (DemoEnvironment demo = DemoEnvironment.start(keep)) {
      Thread hook = new Thread(demo::close, "lifeboat-demo-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      Map<String, String> environment = demo.environment(ConfigOption.environment());
      LifeboatConfig loaded = ConfigOption.loader(environment).load(file);
      System.out.println("  PostgreSQL " + demo.cluster().installation().version() + " on "
          + demo.cluster().host() + ":" + demo.cluster().port() + ", database shop "
          + "(customers, products, orders, order_items)");
      System.out.println("  store, state and server under " + demo.directory()
          + (keep ? " (kept afterwards)" : " (removed afterwards)"));
      System.out.println("  config " + file + "; people: alice (on call, you), bob (tech owner),"
          + " carol (DevOps lead), eve (no rights)");
      System.out.println("  try: /backup now, /demo write 100, /restore latest, /help");
      int exit = ConsoleCommand.chat(loaded, environment, "alice",
          java.util.Optional.of(new DemoWrites(demo.cluster())));
      Runtime.getRuntime().removeShutdownHook(hook);
      return exit;
    }
  }

  static Path home() {
    String home = System.getenv("LIFEBOAT_HOME");
    return Path.of(home != null ? home : ".");
  }
}
