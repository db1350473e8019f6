package dev.lifeboat.bot.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.LifeboatException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code serve}'s window for machines: {@code /metrics} in the Prometheus text format and
 * {@code /healthz} for orchestrators (200 when the state database answers and every adapter
 * is connected, 503 with the reasons otherwise). The JDK's HTTP server is enough for two
 * read-only pages.
 */
public final class MonitorServer implements AutoCloseable {
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final LifeboatMetrics metrics;
  private final Lifeboat lifeboat;

  private MonitorServer(HttpServer server, java.util.concurrent.ExecutorService executor,
      PrometheusMeterRegistry registry, LifeboatMetrics metrics, Lifeboat lifeboat) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
    this.metrics = metrics;
    this.lifeboat = lifeboat;
  }

  /**
   * @param port 0 for any free port (tests)
   * @param adapters each adapter's problem, empty while it is connected
   */
  public static MonitorServer start(Lifeboat lifeboat, int port, Clock clock,
      List<Supplier<Optional<String>>> adapters) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    LifeboatMetrics metrics = new LifeboatMetrics(lifeboat, registry, clock);
    lifeboat.events().subscribe(metrics);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      lifeboat.events().unsubscribe(metrics);
      throw new LifeboatException("Cannot serve /metrics and /healthz on port " + port + " ("
          + e.getMessage() + "). Choose a free port with serve.http_port in lifeboat.yaml.", e);
    }
    java.util.concurrent.ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lifeboat-monitor-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", exchange -> send(exchange, 200,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/healthz", exchange -> {
      List<String> problems = new ArrayList<>();
      try (Connection c = lifeboat.state().connect()) {
        if (!c.isValid(5)) {
          problems.add("the state database does not answer");
        }
      } catch (Exception e) {
        problems.add("the state database cannot be reached");
      }
      adapters.forEach(a -> a.get().ifPresent(problems::add));
      String body = problems.isEmpty() ? "{\"status\":\"ok\"}\n" : "{\"status\":\"unhealthy\","
          + "\"problems\":[" + String.join(",", problems.stream().map(MonitorServer::json)
              .toList()) + "]}\n";
      send(exchange, problems.isEmpty() ? 200 : 503, "application/json", body);
    });
    server.start();
    return new MonitorServer(server, executor, registry, metrics, lifeboat);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public void close() {
    lifeboat.events().unsubscribe(metrics);
    server.stop(0);
    executor.shutdownNow();
    registry.close();
  }
}
