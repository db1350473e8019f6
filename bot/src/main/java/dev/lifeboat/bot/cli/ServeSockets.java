package dev.lifeboat.bot.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the serves on this machine listen for commands handed to them: one socket each, in a
 * directory only their user can enter ({@code $LIFEBOAT_RUN_DIR}, else
 * {@code /tmp/lifeboat-USER}: the JVM's {@code java.io.tmpdir}, which the launcher assumes). A directory that others could write to, or that belongs to
 * someone else, is not used at all: whoever controls it could pose as a serve.
 */
final class ServeSockets {
  private static final String PREFIX = "serve-";
  private static final String SUFFIX = ".sock";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  private ServeSockets() {}

  /** The directory for this user, as {@code environment} names it. */
  static Path directory(Map<String, String> environment) {
    String named = environment.get("LIFEBOAT_RUN_DIR");
    if (named != null && !named.isBlank()) {
      return Path.of(named);
    }
    return Path.of(System.getProperty("java.io.tmpdir"),
        "lifeboat-".concat(System.getProperty("user.name", "unknown")));
  }

  /** Whether {@code dir} exists, is ours and is closed to everyone else. */
  static boolean safe(Path dir) {
    try {
      PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      return a.isDirectory()
          && a.owner().getName().equals(System.getProperty("user.name"))
          && a.permissions().equals(OWNER_ONLY);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Creates {@code dir} for a serve, open to its owner alone; false if it is not safe. */
  static boolean prepare(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(dir.getParent());
        Files.createDirectory(dir,
            PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // The umask may have taken bits away; it never adds any, but say exactly what we want.
        Files.setPosixFilePermissions(dir, OWNER_ONLY);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // another serve made it meanwhile: checked below like any existing one
      }
    }
    return safe(dir);
  }

  /** This process's socket in {@code dir}. */
  static Path own(Path dir) {
    return dir.resolve(PREFIX + ProcessHandle.current().pid() + SUFFIX);
  }

  /** The sockets of the serves in {@code dir}, and of dead ones not yet removed. */
  static List<Path> all(Path dir) {
    List<Path> sockets = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          sockets.add(p);
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    Collections.sort(sockets);
    return sockets;
  }

  /** The serve's process id in a socket's name, if it is one of ours. */
  static Optional<Long> pid(Path socket) {
    String name = socket.getFileName().toString();
    try {
      return Optional.of(Long.parseLong(name.substring(PREFIX.length(),
          name.length() - SUFFIX.length())));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

}
