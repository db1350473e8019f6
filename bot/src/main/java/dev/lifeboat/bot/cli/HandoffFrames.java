package dev.lifeboat.bot.cli;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command line and a serve say to each other over the serve's socket: frames of one
 * type byte and a length-prefixed body, so output, the exit code and a stop never mix.
 *
 * <p>The command line sends {@link #REQUEST} (its arguments, working directory and
 * environment) and, if it is stopped, {@link #CANCEL}. The serve answers {@link #DECLINED} (run
 * it yourself: the configuration differs, or the command ended before starting a run) or
 * {@link #ACCEPTED}, then {@link #OUT} and {@link #ERR} as the command prints and finally
 * {@link #EXIT}. Both sides buffer the socket: every frame is one write, flushed.
 */
final class HandoffFrames {
  static final byte REQUEST = 'R';
  static final byte CANCEL = 'C';
  static final byte ACCEPTED = 'A';
  static final byte DECLINED = 'D';
  static final byte OUT = 'O';
  static final byte ERR = 'E';
  static final byte EXIT = 'X';
  /** Far above any command line and environment; a bigger length is not one of our frames. */
  private static final int LARGEST = 1 << 24;

  /** The command line's request. */
  record Request(List<String> args, String workingDirectory, Map<String, String> environment) {}

  private HandoffFrames() {}

  static void writeRequest(DataOutputStream out, Request request) throws IOException {
    out.writeByte(REQUEST);
    out.writeInt(request.args().size());
    for (String a : request.args()) {
      writeString(out, a);
    }
    writeString(out, request.workingDirectory());
    out.writeInt(request.environment().size());
    for (Map.Entry<String, String> e : request.environment().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    out.flush();
  }

  static Request readRequest(DataInputStream in) throws IOException {
    expect(in, REQUEST);
    int count = count(in);
    List<String> args = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      args.add(readString(in));
    }
    String cwd = readString(in);
    int vars = count(in);
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < vars; i++) {
      env.put(readString(in), readString(in));
    }
    return new Request(args, cwd, env);
  }

  static void writeBytes(DataOutputStream out, byte type, byte[] bytes, int off, int len)
      throws IOException {
    out.writeByte(type);
    out.writeInt(len);
    out.write(bytes, off, len);
    out.flush();
  }

  static void writeString(DataOutputStream out, byte type, String text) throws IOException {
    out.writeByte(type);
    writeString(out, text);
    out.flush();
  }

  static void writeInt(DataOutputStream out, byte type, int value) throws IOException {
    out.writeByte(type);
    out.writeInt(value);
    out.flush();
  }

  static byte[] readBody(DataInputStream in) throws IOException {
    byte[] bytes = new byte[length(in)];
    in.readFully(bytes);
    return bytes;
  }

  static String readString(DataInputStream in) throws IOException {
    return new String(readBody(in), StandardCharsets.UTF_8);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static void expect(DataInputStream in, byte type) throws IOException {
    byte got = in.readByte();
    if (got != type) {
      throw new IOException("expected frame " + (char) type + ", got " + (char) got);
    }
  }

  private static int length(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > LARGEST) {
      throw new IOException("a frame of " + n + " bytes is not one of Lifeboat's");
    }
    return n;
  }

  private static int count(DataInputStream in) throws IOException {
    return length(in);
  }
}
