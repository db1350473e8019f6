package dev.lifeboat.bot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lifeboat man}: the manual pages, from the same command model as {@code --help}: one
 * page for {@code lifeboat} and one per command, written as roff for {@code man}.
 */
@Command(name = "man", description = {
    "Write the manual pages (lifeboat.1, lifeboat-backup-now.1, ...) into a folder.",
    "Read one with: man -l DIR/lifeboat-backup-now.1"})
final class ManCommand implements Callable<Integer> {
  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = "man",
      description = "where to write the pages (default: ./man); for the system: "
          + "/usr/local/share/man/man1")
  Path dir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Files.createDirectories(dir);
    int pages = 0;
    for (ManPage page : ManPage.all(spec.root())) {
      Files.writeString(dir.resolve(page.fileName()), page.roff());
      pages++;
    }
    spec.commandLine().getOut().println("Wrote " + pages + " manual pages to " + dir
        + "; read one with: man -l " + dir.resolve("lifeboat.1"));
    return ExitCode.OK.code();
  }
}
