package dev.lifeboat.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's side of Socket Mode, as documented: {@code hello} on connect, envelopes out, acks
 * (by {@code envelope_id}) back, {@code disconnect} to make the client reconnect. Records when
 * each envelope went out and when its ack came back, for tests and the ack benchmark.
 */
final class FakeSocketMode extends WebSocketServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An envelope's ack: when it arrived, and the payload if the app sent one. */
  record Ack(String envelopeId, long sentNanos, long ackNanos, Optional<JsonNode> payload) {
    long micros() {
      return (ackNanos - sentNanos) / 1000;
    }
  }

  private final CountDownLatch started = new CountDownLatch(1);
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private final Map<String, Long> sent = new ConcurrentHashMap<>();
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final List<String> ackOrder = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  FakeSocketMode() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setTcpNoDelay(true);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fake Socket Mode server did not start");
    }
  }

  String url() {
    return "ws://127.0.0.1:" + getPort() + "/link/";
  }

  /** How many WebSocket connections clients have opened so far. */
  int connections() {
    return connections.get();
  }

  boolean connected() {
    return !open.isEmpty();
  }

  /** Sends an envelope to the newest connection; the ack is recorded against its id. */
  void send(String envelopeId, String json) {
    WebSocket socket = newest();
    sent.put(envelopeId, System.nanoTime());
    socket.send(json);
  }

  /** Sends many envelopes back to back, as a burst of people typing at once would arrive. */
  void sendAll(Map<String, String> envelopes) {
    WebSocket socket = newest();
    for (Map.Entry<String, String> e : envelopes.entrySet()) {
      sent.put(e.getKey(), System.nanoTime());
      socket.send(e.getValue());
    }
  }

  Optional<Ack> ack(String envelopeId) {
    return Optional.ofNullable(acks.get(envelopeId));
  }

  List<String> ackOrder() {
    return List.copyOf(ackOrder);
  }

  /** Asks the client to reconnect, the way Slack does every few hours. */
  void disconnect() {
    newest().send("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\","
        + "\"debug_info\":{\"host\":\"fake-slack\"}}");
  }

  /** Drops every connection without a close frame, like a network failure. */
  void drop() {
    for (WebSocket socket : open) {
      socket.closeConnection(1006, "dropped by the test");
    }
  }

  private WebSocket newest() {
    if (open.isEmpty()) {
      throw new IllegalStateException("no client is connected to the fake Socket Mode server");
    }
    return open.get(open.size() - 1);
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    connections.incrementAndGet();
    open.add(socket);
    socket.send("{\"type\":\"hello\",\"num_connections\":" + open.size() + ","
        + "\"debug_info\":{\"host\":\"fake-slack\",\"approximate_connection_time\":18060},"
        + "\"connection_info\":{\"app_id\":\"A0LIFEBOAT\"}}");
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    long now = System.nanoTime();
    try {
      JsonNode json = JSON.readTree(message);
      String id = json.path("envelope_id").asText("");
      if (!id.isEmpty()) {
        acks.putIfAbsent(id, new Ack(id, sent.getOrDefault(id, now), now,
            Optional.ofNullable(json.get("payload"))));
        ackOrder.add(id);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the client sent something that is not JSON: " + message);
    }
  }

  @Override
  public void onClose(WebSocket socket, int code, String reason, boolean remote) {
    open.remove(socket);
  }

  @Override
  public void onError(WebSocket socket, Exception e) {
    if (socket != null) {
      open.remove(socket);
    }
  }
}
