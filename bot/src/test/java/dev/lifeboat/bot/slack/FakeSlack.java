package dev.lifeboat.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A small Slack for tests: the Web API methods Lifeboat and Bolt call (over the JDK's HTTP
 * server, form-encoded or JSON, token as a Bearer header), response URLs for command answers,
 * and a {@link FakeSocketMode} server that {@code apps.connections.open} points at. Messages
 * posted are kept, so conversations.history can return them with their blocks.
 */
final class FakeSlack implements AutoCloseable {
  static final String BOT_TOKEN = "xoxb-fake-bot-token";
  static final String APP_TOKEN = "xapp-fake-app-token";
  static final String BOT_USER = "U0LIFEBOAT";
  static final String BOT_ID = "B0LIFEBOAT";
  /** Channels whose id starts with this do not exist. */
  static final String GONE = "C0GONE";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One Web API call as the fake received it. */
  record Call(String method, Map<String, String> params, String token, long nanos) {
    String param(String name) {
      return params.getOrDefault(name, "");
    }
  }

  /** A message in a channel, as the fake stores it. */
  record Message(String channel, String ts, String text, String blocks, String threadTs) {}

  /** A POST to a response URL (the answer to a slash command or a click). */
  record Response(String path, JsonNode body) {
    String text() {
      return body.path("text").asText("");
    }
  }

  private record Failure(int status, Optional<Integer> retryAfter) {}

  private final HttpServer http;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final FakeSocketMode socketMode = new FakeSocketMode();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Message> messages = new ConcurrentHashMap<>();
  private final List<Response> responses = new CopyOnWriteArrayList<>();
  private final Map<String, Queue<Failure>> failures = new ConcurrentHashMap<>();
  private final AtomicInteger nextTs = new AtomicInteger(100);
  private final AtomicInteger nextChannel = new AtomicInteger();
  private volatile Duration latency = Duration.ZERO;

  FakeSlack() throws IOException, InterruptedException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    http.createContext("/api/", this::api);
    http.createContext("/response/", this::response);
    http.setExecutor(threads);
    http.start();
    socketMode.startAndWait();
  }

  String apiUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/";
  }

  String responseUrl(String name) {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/response/" + name;
  }

  FakeSocketMode socketMode() {
    return socketMode;
  }

  /** The next {@code times} calls of {@code method} fail with {@code status}. */
  void fail(String method, int status, Optional<Integer> retryAfterSeconds, int times) {
    Queue<Failure> queue = failures.computeIfAbsent(method, m -> new ConcurrentLinkedQueue<>());
    for (int i = 0; i < times; i++) {
      queue.add(new Failure(status, retryAfterSeconds));
    }
  }

  /** Every Web API answer is delayed by this much, like a slow network. */
  void latency(Duration d) {
    latency = d;
  }

  List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Response> responses() {
    return List.copyOf(responses);
  }

  Optional<Message> message(String channel, String ts) {
    return Optional.ofNullable(messages.get(channel + "/" + ts));
  }

  /** A person's message in a channel (not the bot's), as someone typed it; returns its ts. */
  String say(String channel, String text) {
    String ts = String.format("1763900000.%06d", nextTs.getAndIncrement());
    messages.put(channel + "/" + ts, new Message(channel, ts, text, "", ""));
    return ts;
  }

  /** Top-level messages (not thread replies) in post order. */
  List<Message> messages(String channel) {
    return messages.values().stream().filter(m -> m.channel().equals(channel)
        && m.threadTs().isEmpty()).sorted((a, b) -> a.ts().compareTo(b.ts())).toList();
  }

  List<Message> replies(String channel, String threadTs) {
    return messages.values().stream().filter(m -> m.channel().equals(channel)
        && m.threadTs().equals(threadTs)).sorted((a, b) -> a.ts().compareTo(b.ts())).toList();
  }

  Optional<Message> find(String channel, Predicate<Message> what) {
    return messages(channel).stream().filter(what).findFirst();
  }

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      Map<String, String> params = params(exchange);
      String auth = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
          .orElse("");
      String token = auth.startsWith("Bearer ") ? auth.substring(7) : params.getOrDefault(
          "token", "");
      calls.add(new Call(method, params, token, System.nanoTime()));
      if (!latency.isZero()) {
        Thread.sleep(latency.toMillis());
      }
      Queue<Failure> queue = failures.get(method);
      Failure failure = queue == null ? null : queue.poll();
      if (failure != null) {
        failure.retryAfter().ifPresent(s -> exchange.getResponseHeaders().set("Retry-After",
            Integer.toString(s)));
        send(exchange, failure.status(), "{\"ok\":false,\"error\":\""
            + (failure.status() == 429 ? "ratelimited" : "internal_error") + "\"}");
        return;
      }
      send(exchange, 200, JSON.writeValueAsString(answer(method, params, token)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ObjectNode answer(String method, Map<String, String> params, String token) {
    ObjectNode r = JSON.createObjectNode().put("ok", true);
    boolean appToken = token.equals(APP_TOKEN);
    boolean botToken = token.equals(BOT_TOKEN);
    switch (method) {
      case "auth.test" -> {
        if (!botToken && !appToken) {
          return error("invalid_auth");
        }
        r.put("url", "https://fake.slack.test/").put("team", "Lifeboat").put("user", "lifeboat")
            .put("team_id", "T0LIFEBOAT").put("user_id", BOT_USER).put("bot_id", BOT_ID)
            .put("is_enterprise_install", false);
      }
      case "apps.connections.open" -> {
        if (!appToken) {
          return error("invalid_auth");
        }
        r.put("url", socketMode.url());
      }
      case "chat.postMessage" -> {
        if (!botToken) {
          return error("invalid_auth");
        }
        String channel = params.get("channel");
        if (channel.startsWith(GONE)) {
          return error("channel_not_found");
        }
        String ts = String.format("1763900000.%06d", nextTs.getAndIncrement());
        Message m = new Message(channel, ts, params.getOrDefault("text", ""),
            normalized(params.getOrDefault("blocks", "")), params.getOrDefault("thread_ts", ""));
        messages.put(channel + "/" + ts, m);
        r.put("channel", channel).put("ts", ts);
        r.set("message", messageJson(m));
      }
      case "chat.update" -> {
        String key = params.get("channel") + "/" + params.get("ts");
        Message old = messages.get(key);
        if (old == null) {
          return error("message_not_found");
        }
        // Like Slack: without new blocks the old ones stay.
        String blocks = params.containsKey("blocks") ? normalized(params.get("blocks"))
            : old.blocks();
        messages.put(key, new Message(old.channel(), old.ts(), params.getOrDefault("text",
            old.text()), blocks, old.threadTs()));
        r.put("channel", old.channel()).put("ts", old.ts()).put("text", params.get("text"));
      }
      case "chat.postEphemeral" -> r.put("message_ts", String.format("1763900000.%06d",
          nextTs.getAndIncrement()));
      case "conversations.create" -> {
        String id = "C0INC" + nextChannel.incrementAndGet();
        r.putObject("channel").put("id", id).put("name", params.get("name"))
            .put("is_channel", true).put("created", 1763900000);
      }
      case "conversations.invite" -> r.putObject("channel").put("id", params.get("channel"));
      case "conversations.history" -> {
        ArrayNode list = r.putArray("messages");
        message(params.get("channel"), params.get("latest"))
            .ifPresent(m -> list.add(messageJson(m)));
        r.put("has_more", false);
      }
      default -> {
        return error("unknown_method");
      }
    }
    return r;
  }

  /** Blocks as plain JSON (Gson writes {@code <} as {@code \u003c}), easy to assert on. */
  private static String normalized(String blocks) {
    if (blocks.isEmpty()) {
      return blocks;
    }
    try {
      return JSON.writeValueAsString(JSON.readTree(blocks));
    } catch (IOException e) {
      throw new IllegalStateException("blocks are not JSON: " + blocks, e);
    }
  }

  private ObjectNode messageJson(Message m) {
    ObjectNode json = JSON.createObjectNode().put("type", "message").put("user", BOT_USER)
        .put("bot_id", BOT_ID).put("ts", m.ts()).put("text", m.text());
    if (!m.blocks().isEmpty()) {
      try {
        json.set("blocks", JSON.readTree(m.blocks()));
      } catch (IOException e) {
        throw new IllegalStateException("blocks are not JSON: " + m.blocks(), e);
      }
    }
    return json;
  }

  private static ObjectNode error(String error) {
    return JSON.createObjectNode().put("ok", false).put("error", error);
  }

  private void response(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      responses.add(new Response(exchange.getRequestURI().getPath(), JSON.readTree(body)));
      send(exchange, 200, "ok");
    }
  }

  private static Map<String, String> params(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> params = new LinkedHashMap<>();
    String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type"))
        .orElse("");
    if (type.startsWith("application/json")) {
      JsonNode json = JSON.readTree(text);
      json.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().isValueNode()
          ? e.getValue().asText() : e.getValue().toString()));
    } else if (!text.isEmpty()) {
      for (String pair : text.split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return params;
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The ts of the newest top-level message in {@code channel} matching {@code what}. */
  List<String> texts(String channel) {
    List<String> texts = new ArrayList<>();
    messages(channel).forEach(m -> texts.add(m.text() + "\n" + m.blocks()));
    return texts;
  }

  @Override
  public void close() {
    try {
      socketMode.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.stop(0);
    threads.shutdownNow();
  }
}
