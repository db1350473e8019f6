package dev.lifeboat.bot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lifeboat.LifeboatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: Slack POSTs commands, clicks and events to one URL. The JDK's HTTP server hands
 * each request to Bolt, whose request verification rejects a bad or stale signature (401)
 * before any handler runs. Put it behind a TLS-terminating proxy; Slack only calls https URLs.
 */
final class HttpConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpConnection.class);
  private static final int MAX_BODY = 1 << 20;

  private final HttpServer server;
  private final ExecutorService threads;

  private HttpConnection(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  static HttpConnection open(App app, int port, String path) {
    SlackRequestParser parser = new SlackRequestParser(app.config());
    ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "lifeboat-slack-http");
      t.setDaemon(true);
      return t;
    });
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
      server.createContext(path, exchange -> handle(app, parser, exchange));
      server.setExecutor(threads);
      server.start();
      return new HttpConnection(server, threads);
    } catch (IOException e) {
      threads.shutdownNow();
      throw new LifeboatException("Could not listen for Slack on port " + port + ": "
          + e.getMessage() + ". Set chat.slack.port to a free port.", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void handle(App app, SlackRequestParser parser, HttpExchange exchange)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "text/plain", "Slack requests are POSTs");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY + 1);
      }
      if (body.length > MAX_BODY) {
        send(exchange, 413, "text/plain", "too large");
        return;
      }
      Map<String, List<String>> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
      Request<?> request = parser.parse(SlackRequestParser.HttpRequest.builder()
          .requestUri(exchange.getRequestURI().getPath())
          .queryString(query(exchange.getRequestURI().getRawQuery()))
          .headers(new RequestHeaders(headers))
          .requestBody(new String(body, StandardCharsets.UTF_8))
          .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
          .build());
      Response response = app.run(request);
      send(exchange, response.getStatusCode(), response.getContentType(),
          response.getBody() == null ? "" : response.getBody());
    } catch (Exception e) {
      LOG.warn("A Slack request failed: {}", e.toString());
      try {
        send(exchange, 500, "text/plain", "error");
      } catch (IOException alreadySent) {
        // the response had started; nothing more to say
      }
    }
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      query.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          k -> new ArrayList<>()).add(kv.length > 1
              ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}
