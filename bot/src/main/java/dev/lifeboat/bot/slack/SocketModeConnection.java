package dev.lifeboat.bot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket Mode: Lifeboat opens a WebSocket to Slack (apps.connections.open with the app-level
 * token), so it needs no public URL. Bolt's client reconnects by itself: at once when Slack sends
 * a disconnect envelope, within seconds when its session monitor finds the socket dead.
 */
final class SocketModeConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SocketModeConnection.class);

  private final SocketModeApp socketMode;

  private SocketModeConnection(SocketModeApp socketMode) {
    this.socketMode = socketMode;
  }

  static SocketModeConnection open(App app, Secret appToken) {
    SocketModeApp socketMode;
    try {
      // Handlers run on the client's own threads: ours only hand work to an executor, so the
      // ack goes back as soon as the handler returns.
      socketMode = new SocketModeApp(appToken.reveal(), app,
          SocketModeClient.Backend.JavaWebSocket);
      socketMode.startAsync();
    } catch (Exception e) {
      throw new LifeboatException("Could not connect to Slack in Socket Mode with the app-level "
          + "token from " + appToken.origin() + " (" + e.getMessage() + "). Check that it is an "
          + "xapp- token with the connections:write scope and that Socket Mode is on.", e);
    }
    return new SocketModeConnection(socketMode);
  }

  /** Whether Bolt's client is running (it reconnects by itself while it is). */
  boolean running() {
    return !socketMode.isClientStopped();
  }

  @Override
  public void close() {
    try {
      socketMode.close();
    } catch (Exception e) {
      LOG.info("Closing the Socket Mode connection: {}", e.toString());
    }
  }
}
