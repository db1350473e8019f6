package dev.lifeboat.http;

import dev.lifeboat.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * One HTTP exchange of a runbook step, with its failures in plain words (a timeout, a refused
 * connection, a TLS problem) and no URL in them: URLs may carry tokens, and step logs reach chat.
 */
final class HttpCall {
  /** Enough of a body to check it; a check never needs the whole of a big page. */
  static final int MAX_BODY = 256 * 1024;

  /** What came back: the status, the Location of a redirect, the first bytes of the body. */
  record Response(int status, Optional<String> location, String body) {}

  /** The call did not get an answer; {@code reason} is fit for the channel. */
  static final class Failed extends Exception {
    Failed(String reason) {
      super(reason);
    }
  }

  private HttpCall() {}

  static Response send(HttpClient client, HttpSettings settings, Optional<byte[]> body,
      java.util.Map<String, String> extraHeaders) throws Failed, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.url()))
        .timeout(settings.timeout())
        .method(settings.method(), body.map(HttpRequest.BodyPublishers::ofByteArray)
            .orElse(HttpRequest.BodyPublishers.noBody()));
    settings.headers().forEach(request::header);
    settings.secretHeaders().forEach((name, secret) -> request.header(name, secret.reveal()));
    extraHeaders.forEach(request::header);
    try {
      HttpResponse<InputStream> response = client.send(request.build(),
          HttpResponse.BodyHandlers.ofInputStream());
      String text;
      try (InputStream in = response.body()) {
        text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
      }
      return new Response(response.statusCode(),
          response.headers().firstValue("Location"), text);
    } catch (HttpConnectTimeoutException e) {
      throw new Failed("could not connect within " + seconds(settings));
    } catch (HttpTimeoutException e) {
      throw new Failed("no answer within " + seconds(settings));
    } catch (ConnectException e) {
      throw new Failed("the connection was refused or the host is unreachable");
    } catch (SSLException e) {
      throw new Failed("TLS failed (" + Messages.firstLine(String.valueOf(e.getMessage()))
          .replace(settings.url(), settings.shownUrl()) + "); check the server's certificate");
    } catch (IOException e) {
      if (e.getCause() instanceof UnresolvedAddressException
          || e instanceof java.net.UnknownHostException) {
        throw new Failed("the host name does not resolve");
      }
      throw new Failed(e.getClass().getSimpleName() + (e.getMessage() == null ? ""
          : ": " + Messages.firstLine(e.getMessage()).replace(settings.url(),
              settings.shownUrl())));
    }
  }

  private static String seconds(HttpSettings settings) {
    return settings.timeout().toMillis() % 1000 == 0 ? settings.timeout().toSeconds() + " s"
        : settings.timeout().toMillis() + " ms";
  }
}
