package dev.lifeboat.bot.discord;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small Discord for tests: the REST routes JDA and Lifeboat call (log-in, slash command
 * registration, interaction callbacks and their original response, messages, edits, threads)
 * over the JDK's HTTP server, and a {@link FakeGateway} with one guild, one text channel and
 * its roles. Messages are kept with every edit, so tests read what people would see. Answers
 * like Discord's: a second callback for one interaction is 400 (code 40060).
 */
public final class FakeDiscord implements AutoCloseable {
  public static final String TOKEN = "fake.discord.bot-token";
  public static final String APP = "900000000000000001";
  public static final String BOT = APP;
  public static final String GUILD = "900000000000000010";
  public static final String CHANNEL = "900000000000000020";
  public static final String TECH_OWNERS_ROLE = "900000000000000030";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CALLBACK = Pattern.compile("/api/v10/interactions/(\\d+)/([^/]+)/callback");
  private static final Pattern ORIGINAL = Pattern.compile("/api/v10/webhooks/\\d+/([^/]+)/messages/@original");
  private static final Pattern MESSAGES = Pattern.compile("/api/v10/channels/(\\d+)/messages");
  private static final Pattern MESSAGE = Pattern.compile("/api/v10/channels/(\\d+)/messages/(\\d+)");
  private static final Pattern THREAD = Pattern.compile("/api/v10/channels/(\\d+)/messages/(\\d+)/threads");
  private static final Pattern COMMANDS = Pattern.compile("/api/v10/applications/\\d+/(guilds/\\d+/)?commands");

  /** A message as the fake keeps it: its newest content and how often it was edited. */
  public record Message(String channel, String id, JsonNode body, int edits) {
    public String content() {
      return body.path("content").asText("");
    }

    /** Every embed's description and footer, one after the other. */
    public String embeds() {
      StringBuilder out = new StringBuilder();
      body.path("embeds").forEach(e -> out.append(e.path("description").asText(""))
          .append('\n').append(e.path("footer").path("text").asText("")).append('\n'));
      return out.toString();
    }

    public int colour() {
      return body.path("embeds").path(0).path("color").asInt(-1);
    }

    /** The custom ids of the message's buttons. */
    public List<String> buttons() {
      List<String> ids = new ArrayList<>();
      body.path("components").forEach(row -> row.path("components")
          .forEach(c -> ids.add(c.path("custom_id").asText())));
      return ids;
    }

    public JsonNode allowedMentions() {
      return body.path("allowed_mentions");
    }
  }

  /** An interaction's acknowledgement: when it was dispatched and when the callback came. */
  record Ack(String interaction, int type, long sentNanos, long ackNanos, boolean ephemeral) {
    long micros() {
      return (ackNanos - sentNanos) / 1000;
    }
  }

  private final HttpServer http;
  /**
   * A thread per request, as Discord serves many requests at once: a fixed pool would queue a
   * client's acknowledgements behind its own message edits, which Discord does not do.
   */
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final FakeGateway gateway = new FakeGateway();
  private final Map<String, Message> messages = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();
  private final Map<String, Long> dispatched = new ConcurrentHashMap<>();
  private final Map<String, Ack> acks = new ConcurrentHashMap<>();
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> answers = new ConcurrentHashMap<>();
  private final Map<String, String> originals = new ConcurrentHashMap<>();
  private final Map<String, String> threadsByMessage = new ConcurrentHashMap<>();
  private final List<JsonNode> registered = new CopyOnWriteArrayList<>();
  private final List<String> secondCallbacks = new CopyOnWriteArrayList<>();
  private final AtomicLong counter = new AtomicLong();
  private final AtomicBoolean unreachable = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicInteger refused =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Map<String, List<String>> roles = new ConcurrentHashMap<>();

  public FakeDiscord() throws IOException, InterruptedException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    http.createContext("/api/v10/", this::api);
    http.setExecutor(threads);
    http.start();
    gateway.startAndWait(new FakeGateway.Session(this::ready, this::guildCreate));
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + "/api/v10/";
  }

  public FakeGateway gateway() {
    return gateway;
  }

  /** While set, every REST call fails with 502 (a Discord outage as a client sees it). */
  void unreachable(boolean down) {
    unreachable.set(down);
  }

  /** Gives a user roles in the guild; interactions and reactions carry them. */
  public void roles(String user, String... roleIds) {
    roles.put(user, List.of(roleIds));
  }

  /** How many calls were refused while unreachable. */
  int refused() {
    return refused.get();
  }

  List<JsonNode> registeredCommands() {
    return List.copyOf(registered);
  }

  /**
   * A new id, made the way Discord makes them: milliseconds since 2015 in the high bits. JDA
   * reads an interaction's age from its id and refuses to answer one older than 15 minutes.
   */
  private String snowflake() {
    long millis = System.currentTimeMillis() - 1_420_070_400_000L;
    return Long.toString((millis << 22) | (counter.incrementAndGet() & 0x3FFFFF));
  }

  // ---- what people do ----------------------------------------------------------------

  /** A slash command typed by {@code user}; returns the interaction id. */
  String slash(String user, String name, Optional<String> subcommand, Map<String, String> options) {
    ObjectNode interaction = slashInteraction(user, name, subcommand, options);
    send(interaction);
    return interaction.path("id").asText();
  }

  ObjectNode slashInteraction(String user, String name, Optional<String> subcommand,
      Map<String, String> options) {
    ObjectNode interaction = interaction(user, 2);
    ObjectNode data = interaction.putObject("data");
    data.put("id", "900000000000000100");
    data.put("name", name);
    data.put("type", 1);
    data.put("guild_id", GUILD);
    ArrayNode opts = JSON.createArrayNode();
    options.forEach((k, v) -> opts.addObject().put("name", k).put("type", 3).put("value", v));
    if (subcommand.isPresent()) {
      ObjectNode sub = data.putArray("options").addObject();
      sub.put("name", subcommand.get());
      sub.put("type", 1);
      sub.set("options", opts);
    } else {
      data.set("options", opts);
    }
    return interaction;
  }

  /**
   * Someone typing {@code typed} into option {@code option} of /name [sub]: an autocomplete
   * interaction; returns its id. The choices are in {@link #choices}.
   */
  String autocomplete(String user, String name, Optional<String> subcommand, String option,
      String typed) {
    ObjectNode interaction = slashInteraction(user, name, subcommand, Map.of(option, typed));
    interaction.put("type", 4);
    JsonNode options = interaction.path("data").path("options");
    ObjectNode focused = (ObjectNode) (subcommand.isPresent()
        ? options.path(0).path("options").path(0) : options.path(0));
    focused.put("focused", true);
    send(interaction);
    return interaction.path("id").asText();
  }

  /** The choices an autocomplete interaction was answered with. */
  Optional<List<String>> choices(String interaction) {
    return Optional.ofNullable(answers.get(interaction)).filter(a -> a.has("choices"))
        .map(a -> {
          List<String> names = new ArrayList<>();
          a.path("choices").forEach(c -> names.add(c.path("value").asText()));
          return names;
        });
  }

  /** A click on a button of {@code message}; returns the interaction id. */
  public String click(String user, String messageId, String customId) {
    ObjectNode interaction = interaction(user, 3);
    interaction.putObject("data").put("custom_id", customId).put("component_type", 2);
    interaction.set("message", messages.get(messageId).body());
    send(interaction);
    return interaction.path("id").asText();
  }

  /** Sends the very same interaction again, as a retried delivery would. */
  void redeliver(ObjectNode interaction) {
    send(interaction);
  }

  void send(ObjectNode interaction) {
    String id = interaction.path("id").asText();
    dispatched.putIfAbsent(id, System.nanoTime());
    tokens.put(interaction.path("token").asText(), id);
    gateway.dispatch("INTERACTION_CREATE", interaction);
  }

  /** {@code user} reacts with {@code emoji} on a message. */
  public void react(String user, String messageId, String emoji) {
    ObjectNode d = JSON.createObjectNode();
    d.put("user_id", user);
    d.put("channel_id", CHANNEL);
    d.put("message_id", messageId);
    d.put("guild_id", GUILD);
    d.set("member", member(user));
    d.putObject("emoji").putNull("id").put("name", emoji);
    d.put("message_author_id", BOT);
    d.put("burst", false);
    d.put("type", 0);
    gateway.dispatch("MESSAGE_REACTION_ADD", d);
  }

  private ObjectNode interaction(String user, int type) {
    String id = snowflake();
    ObjectNode i = JSON.createObjectNode();
    i.put("id", id);
    i.put("application_id", APP);
    i.put("type", type);
    i.put("token", "itoken-" + id);
    i.put("version", 1);
    i.put("guild_id", GUILD);
    i.putObject("guild").put("id", GUILD).put("locale", "en-US").putArray("features");
    i.put("channel_id", CHANNEL);
    i.set("channel", channel());
    i.set("member", member(user));
    i.put("locale", "en-US");
    i.put("guild_locale", "en-US");
    i.put("app_permissions", "2248473465835073");
    i.putArray("entitlements");
    i.putObject("authorizing_integration_owners").put("0", GUILD);
    i.put("context", 0);
    i.put("attachment_size_limit", 10485760);
    return i;
  }

  private ObjectNode member(String user) {
    ObjectNode m = JSON.createObjectNode();
    m.set("user", user(user, false));
    ArrayNode r = m.putArray("roles");
    roles.getOrDefault(user, List.of()).forEach(r::add);
    m.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
    m.put("deaf", false);
    m.put("mute", false);
    m.put("flags", 0);
    m.put("pending", false);
    m.putNull("nick");
    m.putNull("avatar");
    m.put("permissions", "2248473465835073");
    return m;
  }

  private static ObjectNode user(String id, boolean bot) {
    ObjectNode u = JSON.createObjectNode();
    u.put("id", id);
    u.put("username", bot ? "lifeboat" : "user" + id.substring(Math.max(0, id.length() - 4)));
    u.put("discriminator", "0");
    u.putNull("global_name");
    u.putNull("avatar");
    u.put("bot", bot);
    u.put("public_flags", 0);
    return u;
  }

  private static ObjectNode channel() {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", CHANNEL);
    c.put("type", 0);
    c.put("guild_id", GUILD);
    c.put("name", "ops");
    c.put("position", 0);
    c.putArray("permission_overwrites");
    c.putNull("parent_id");
    c.putNull("topic");
    c.put("nsfw", false);
    c.putNull("last_message_id");
    c.put("rate_limit_per_user", 0);
    c.put("flags", 0);
    return c;
  }

  private ObjectNode ready() {
    ObjectNode d = JSON.createObjectNode();
    d.put("v", 10);
    d.set("user", user(BOT, true));
    d.putArray("guilds").addObject().put("id", GUILD).put("unavailable", true);
    d.putArray("private_channels");
    d.put("session_id", "fake-session-" + gateway.identifies());
    d.put("resume_gateway_url", gateway.url());
    d.putObject("application").put("id", APP).put("flags", 0);
    return d;
  }

  private ObjectNode guildCreate() {
    ObjectNode g = JSON.createObjectNode();
    g.put("id", GUILD);
    g.put("name", "Lifeboat test");
    g.put("member_count", 6);
    g.put("afk_timeout", 300);
    g.put("owner_id", "900000000000000099");
    g.put("large", false);
    g.put("unavailable", false);
    g.put("verification_level", 0);
    g.put("default_message_notifications", 0);
    g.put("explicit_content_filter", 0);
    g.put("mfa_level", 0);
    g.put("nsfw_level", 0);
    g.put("premium_tier", 0);
    g.put("premium_subscription_count", 0);
    g.put("preferred_locale", "en-US");
    g.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
    g.putArray("features");
    g.putArray("emojis");
    g.putArray("stickers");
    g.putArray("voice_states");
    g.putArray("presences");
    g.putArray("threads");
    g.putArray("stage_instances");
    g.putArray("guild_scheduled_events");
    g.putArray("soundboard_sounds");
    ObjectNode bot = g.putArray("members").addObject();
    bot.set("user", user(BOT, true));
    bot.putArray("roles");
    bot.put("joined_at", "2025-01-01T00:00:00.000000+00:00");
    bot.put("deaf", false);
    bot.put("mute", false);
    bot.put("flags", 0);
    ArrayNode r = g.putArray("roles");
    r.add(role(GUILD, "@everyone", 0));
    r.add(role(TECH_OWNERS_ROLE, "tech-owners", 1));
    g.putArray("channels").add(channel());
    return g;
  }

  private static ObjectNode role(String id, String name, int position) {
    ObjectNode role = JSON.createObjectNode();
    role.put("id", id);
    role.put("name", name);
    role.put("color", 0);
    role.putObject("colors").put("primary_color", 0).putNull("secondary_color")
        .putNull("tertiary_color");
    role.put("hoist", false);
    role.put("position", position);
    role.put("permissions", "2248473465835073");
    role.put("managed", false);
    role.put("mentionable", true);
    role.put("flags", 0);
    return role;
  }

  // ---- what people see ----------------------------------------------------------------

  /** Messages in {@code channel}, oldest first. */
  public List<Message> messages(String channel) {
    return order.stream().map(messages::get).filter(m -> m.channel().equals(channel)).toList();
  }

  public Optional<Message> message(String id) {
    return Optional.ofNullable(messages.get(id));
  }

  /** Replies in the thread started on {@code messageId}. */
  List<Message> thread(String messageId) {
    String thread = threadsByMessage.get(messageId);
    return thread == null ? List.of() : messages(thread);
  }

  Optional<Ack> ack(String interaction) {
    return Optional.ofNullable(acks.get(interaction));
  }

  /** The deferred answer's text, once the original response was edited. */
  Optional<String> answer(String interaction) {
    return Optional.ofNullable(answers.get(interaction)).map(a -> a.path("content").asText());
  }

  /** How many deferred answers were replaced by the app's reply so far. */
  int answered() {
    return (int) answers.keySet().stream().filter(originals::containsKey).count();
  }

  /** Interactions that got a second callback (Discord refuses those with 40060). */
  List<String> secondCallbacks() {
    return List.copyOf(secondCallbacks);
  }

  // ---- the REST API -------------------------------------------------------------------

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (unreachable.get()) {
        refused.incrementAndGet();
        send(exchange, 502, "{\"message\":\"Bad Gateway\",\"code\":0}");
        return;
      }
      if (!("Bot " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))
          && !path.startsWith("/api/v10/interactions/") && !path.startsWith("/api/v10/webhooks/")) {
        send(exchange, 401, "{\"message\":\"401: Unauthorized\",\"code\":0}");
        return;
      }
      JsonNode body = body(exchange);
      Matcher m;
      if (path.equals("/api/v10/users/@me") && method.equals("GET")) {
        send(exchange, 200, user(BOT, true).toString());
      } else if ((m = COMMANDS.matcher(path)).matches() && method.equals("PUT")) {
        boolean inGuild = m.group(1) != null;
        ArrayNode out = JSON.createArrayNode();
        body.forEach(c -> {
          ObjectNode cmd = ((ObjectNode) c).deepCopy();
          cmd.put("id", snowflake());
          cmd.put("application_id", APP);
          cmd.put("version", "1");
          if (inGuild) {
            cmd.put("guild_id", GUILD);
          }
          if (!cmd.has("type")) {
            cmd.put("type", 1);
          }
          registered.add(cmd);
          out.add(cmd);
        });
        send(exchange, 200, out.toString());
      } else if ((m = CALLBACK.matcher(path)).matches()) {
        callback(exchange, m.group(1), body);
      } else if ((m = ORIGINAL.matcher(path)).matches()) {
        String interaction = tokens.getOrDefault(m.group(1), "?");
        ObjectNode message = message(CHANNEL, originals.computeIfAbsent(interaction,
            i -> snowflake()), body, true);
        answers.put(interaction, message);
        send(exchange, 200, message.toString());
      } else if ((m = THREAD.matcher(path)).matches() && method.equals("POST")) {
        thread(exchange, m.group(1), m.group(2), body);
      } else if ((m = MESSAGE.matcher(path)).matches() && method.equals("GET")) {
        Message message = messages.get(m.group(2));
        if (message == null) {
          send(exchange, 404, "{\"message\":\"Unknown Message\",\"code\":10008}");
        } else {
          send(exchange, 200, message.body().toString());
        }
      } else if ((m = MESSAGE.matcher(path)).matches() && method.equals("PATCH")) {
        edit(exchange, m.group(1), m.group(2), body);
      } else if ((m = MESSAGES.matcher(path)).matches() && method.equals("POST")) {
        String id = snowflake();
        ObjectNode message = message(m.group(1), id, body, false);
        messages.put(id, new Message(m.group(1), id, message, 0));
        order.add(id);
        send(exchange, 200, message.toString());
      } else {
        send(exchange, 404, "{\"message\":\"Unknown route " + method + " " + path
            + "\",\"code\":0}");
      }
    } catch (RuntimeException e) {
      send(exchange, 500, "{\"message\":\"" + e.toString().replace('"', '\'') + "\",\"code\":0}");
    }
  }

  private void callback(HttpExchange exchange, String interaction, JsonNode body)
      throws IOException {
    long now = System.nanoTime();
    int type = body.path("type").asInt();
    boolean ephemeral = (body.path("data").path("flags").asInt() & 64) != 0;
    Ack ack = new Ack(interaction, type, dispatched.getOrDefault(interaction, now), now,
        ephemeral);
    if (acks.putIfAbsent(interaction, ack) != null) {
      secondCallbacks.add(interaction);
      send(exchange, 400, "{\"message\":\"Interaction has already been acknowledged.\","
          + "\"code\":40060}");
      return;
    }
    if (type == 8) { // autocomplete choices
      answers.put(interaction, body.path("data"));
      exchange.sendResponseHeaders(204, -1);
      return;
    }
    ObjectNode response = JSON.createObjectNode();
    response.putObject("interaction").put("id", interaction).put("type", 2)
        .put("response_message_loading", type == 5)
        .put("response_message_ephemeral", ephemeral);
    ObjectNode resource = response.putObject("resource");
    resource.put("type", type);
    resource.set("message", message(CHANNEL, originals.computeIfAbsent(interaction,
        i -> snowflake()),
        JSON.createObjectNode().put("content", "").put("flags", ephemeral ? 64 : 0), true));
    send(exchange, 200, response.toString());
  }

  private void edit(HttpExchange exchange, String channel, String id, JsonNode body)
      throws IOException {
    Message old = messages.get(id);
    if (old == null || !old.channel().equals(channel)) {
      send(exchange, 404, "{\"message\":\"Unknown Message\",\"code\":10008}");
      return;
    }
    ObjectNode merged = ((ObjectNode) old.body()).deepCopy();
    ObjectNode rendered = message(channel, id, body, false);
    body.fieldNames().forEachRemaining(f -> merged.set(f, rendered.has(f) ? rendered.get(f)
        : body.get(f)));
    merged.put("edited_timestamp", Instant.now().toString());
    messages.put(id, new Message(channel, id, merged, old.edits() + 1));
    send(exchange, 200, merged.toString());
  }

  private void thread(HttpExchange exchange, String channel, String messageId, JsonNode body)
      throws IOException {
    if (threadsByMessage.containsKey(messageId)) {
      send(exchange, 400, "{\"message\":\"A thread has already been created for this "
          + "message\",\"code\":160004}");
      return;
    }
    // A thread started on a message has the message's id.
    threadsByMessage.put(messageId, messageId);
    ObjectNode t = JSON.createObjectNode();
    t.put("id", messageId);
    t.put("type", 11);
    t.put("guild_id", GUILD);
    t.put("parent_id", channel);
    t.put("owner_id", BOT);
    t.put("name", body.path("name").asText("thread"));
    t.putNull("last_message_id");
    t.put("message_count", 0);
    t.put("member_count", 1);
    t.put("rate_limit_per_user", 0);
    t.put("flags", 0);
    t.put("total_message_sent", 0);
    ObjectNode meta = t.putObject("thread_metadata");
    meta.put("archived", false);
    meta.put("auto_archive_duration", body.path("auto_archive_duration").asInt(1440));
    meta.put("archive_timestamp", Instant.now().toString());
    meta.put("locked", false);
    meta.put("create_timestamp", Instant.now().toString());
    send(exchange, 201, t.toString());
  }

  private ObjectNode message(String channel, String id, JsonNode body, boolean webhook) {
    ObjectNode m = JSON.createObjectNode();
    m.put("id", id);
    m.put("type", 0);
    m.put("channel_id", channel);
    m.set("author", user(BOT, true));
    m.put("content", body.path("content").asText(""));
    ArrayNode embeds = JSON.createArrayNode();
    // Discord answers with each embed's type, which a client does not send.
    body.path("embeds").forEach(e -> embeds.add(((ObjectNode) e.deepCopy()).put("type", "rich")));
    m.set("embeds", embeds);
    m.set("components", body.has("components") ? body.get("components")
        : JSON.createArrayNode());
    if (body.has("allowed_mentions")) {
      m.set("allowed_mentions", body.get("allowed_mentions"));
    }
    if (body.has("message_reference")) {
      m.set("message_reference", body.get("message_reference"));
    }
    m.putArray("mentions");
    m.putArray("mention_roles");
    m.putArray("attachments");
    m.put("mention_everyone", false);
    m.put("pinned", false);
    m.put("tts", false);
    m.put("timestamp", Instant.now().toString());
    m.putNull("edited_timestamp");
    m.put("flags", body.path("flags").asInt(0));
    if (webhook) {
      m.put("webhook_id", APP);
      m.put("application_id", APP);
    }
    return m;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      if (bytes.length == 0) {
        return JSON.createObjectNode();
      }
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null && type.startsWith("multipart/")) {
        // JDA sends a message with files as multipart; the JSON is in payload_json.
        String text = new String(bytes, StandardCharsets.UTF_8);
        int start = text.indexOf('{');
        int end = text.lastIndexOf('}');
        return JSON.readTree(text.substring(start, end + 1));
      }
      return JSON.readTree(bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    try {
      gateway.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
