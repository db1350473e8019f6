package dev.lifeboat.bot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Discord's gateway as documented, JSON and uncompressed: HELLO on connect, heartbeat acks,
 * READY and GUILD_CREATE after IDENTIFY, RESUMED after RESUME with the dispatches the client
 * missed replayed, and dispatches ({@code op 0}) with a sequence number. Dispatches sent while
 * no client is connected wait for the next session or resume, as Discord keeps them.
 */
public final class FakeGateway extends WebSocketServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What IDENTIFY is answered with: READY's and GUILD_CREATE's data, built by the fake. */
  record Session(Supplier<ObjectNode> ready, Supplier<ObjectNode> guildCreate) {}

  private final CountDownLatch started = new CountDownLatch(1);
  private final List<WebSocket> open = new CopyOnWriteArrayList<>();
  private final List<String> sentDispatches = new ArrayList<>();
  private final List<String> waiting = new ArrayList<>();
  private final AtomicInteger identifies = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private volatile Session session;
  private int sequence;

  FakeGateway() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
    setTcpNoDelay(true);
  }

  void startAndWait(Session session) throws InterruptedException {
    this.session = session;
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fake gateway did not start");
    }
  }

  public String url() {
    return "ws://127.0.0.1:" + getPort();
  }

  int identifies() {
    return identifies.get();
  }

  int resumes() {
    return resumes.get();
  }

  /** True once a client has identified or resumed on an open connection. */
  boolean ready() {
    return open.stream().anyMatch(s -> Boolean.TRUE.equals(s.getAttachment()));
  }

  /** Sends an event to the client now, or when it is back. */
  synchronized void dispatch(String type, JsonNode data) {
    sequence++;
    String frame = frame(type, data, sequence);
    sentDispatches.add(frame);
    WebSocket socket = live();
    if (socket == null) {
      waiting.add(frame);
    } else {
      socket.send(frame);
    }
  }

  /** Several events back to back, as a burst of people typing at once would arrive. */
  synchronized void dispatchAll(String type, List<? extends JsonNode> data) {
    data.forEach(d -> dispatch(type, d));
  }

  /** Drops every connection without a close frame, like a network failure. */
  void drop() {
    for (WebSocket socket : open) {
      socket.setAttachment(Boolean.FALSE);
      socket.closeConnection(1006, "dropped by the test");
    }
  }

  /** Op 7: asks the client to reconnect and resume, as Discord does now and then. */
  void askToReconnect() {
    WebSocket socket = live();
    if (socket != null) {
      socket.send("{\"op\":7,\"d\":null,\"s\":null,\"t\":null}");
    }
  }

  private WebSocket live() {
    for (int i = open.size() - 1; i >= 0; i--) {
      WebSocket s = open.get(i);
      if (Boolean.TRUE.equals(s.getAttachment()) && s.isOpen()) {
        return s;
      }
    }
    return null;
  }

  private static String frame(String type, JsonNode data, int s) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("op", 0);
    frame.put("t", type);
    frame.put("s", s);
    frame.set("d", data);
    return frame.toString();
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket socket, ClientHandshake handshake) {
    socket.setAttachment(Boolean.FALSE);
    open.add(socket);
    socket.send("{\"op\":10,\"d\":{\"heartbeat_interval\":41250},\"s\":null,\"t\":null}");
  }

  @Override
  public void onMessage(WebSocket socket, String message) {
    JsonNode json;
    try {
      json = JSON.readTree(message);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the client sent something that is not JSON: " + message);
    }
    switch (json.path("op").asInt(-1)) {
      case 1 -> socket.send("{\"op\":11,\"d\":null,\"s\":null,\"t\":null}");
      case 2 -> identify(socket);
      case 6 -> resume(socket, json.path("d").path("seq").asInt(0));
      default -> { } // presence updates, member requests: nothing a test needs
    }
  }

  private synchronized void identify(WebSocket socket) {
    identifies.incrementAndGet();
    sequence = 0;
    sentDispatches.clear();
    socket.setAttachment(Boolean.TRUE);
    for (WebSocket other : open) {
      if (other != socket) {
        other.setAttachment(Boolean.FALSE);
      }
    }
    sequence++;
    socket.send(frame("READY", session.ready().get(), sequence));
    sequence++;
    socket.send(frame("GUILD_CREATE", session.guildCreate().get(), sequence));
    flushWaiting(socket);
  }

  private synchronized void resume(WebSocket socket, int seenUpTo) {
    resumes.incrementAndGet();
    socket.setAttachment(Boolean.TRUE);
    // Replay what the client did not see, then RESUMED, as Discord does.
    for (String frame : sentDispatches) {
      int s = JSON.valueToTree(parse(frame)).path("s").asInt();
      if (s > seenUpTo && !waiting.contains(frame)) {
        socket.send(frame);
      }
    }
    flushWaiting(socket);
    sequence++;
    socket.send(frame("RESUMED", JSON.createObjectNode(), sequence));
  }

  private void flushWaiting(WebSocket socket) {
    waiting.forEach(socket::send);
    waiting.clear();
  }

  private static JsonNode parse(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
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
