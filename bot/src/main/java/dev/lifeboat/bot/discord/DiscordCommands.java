package dev.lifeboat.bot.discord;

import dev.lifeboat.access.AccessPolicy;
import dev.lifeboat.access.Action;
import dev.lifeboat.access.Person;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.bot.chat.ChatInbound;
import dev.lifeboat.bot.chat.Dedupe;
import dev.lifeboat.run.Origin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.CommandData;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands: the console's and Slack's commands with typed options (a target and a
 * backup id complete from the catalog). Each interaction is deferred at once on JDA's event
 * thread (Discord gives 3 seconds), the work runs on the adapter's executor, and the answer
 * replaces the deferred one, which only the person who typed sees. A run's progress is not
 * that answer (its token dies after 15 minutes): it is a channel message, the board's.
 */
final class DiscordCommands {
  private static final Logger LOG = LoggerFactory.getLogger(DiscordCommands.class);
  /** Discord shows at most 25 choices. */
  private static final int CHOICES = 25;

  private final ChatInbound inbound;
  private final AccessPolicy access;
  private final List<String> targets;
  private final BackupCatalog catalog;
  private final DiscordRenderer render;
  private final Dedupe dedupe;
  private final Executor work;
  private final AcksFirst acks;

  DiscordCommands(ChatInbound inbound, AccessPolicy access, Collection<String> targets,
      BackupCatalog catalog, DiscordRenderer render, Dedupe dedupe, Executor work,
      AcksFirst acks) {
    this.acks = acks;
    this.inbound = inbound;
    this.access = access;
    this.targets = targets.stream().sorted().toList();
    this.catalog = catalog;
    this.render = render;
    this.dedupe = dedupe;
    this.work = work;
  }

  /** What Lifeboat registers: the same commands as the console and Slack. */
  static List<CommandData> definitions() {
    return List.of(
        Commands.slash("backup", "Back up a database, list backups, or show their status")
            .addSubcommands(
                new SubcommandData("now", "Back up a target now").addOptions(target()),
                new SubcommandData("list", "List the latest backups").addOptions(target()),
                new SubcommandData("status", "Backups, schedules and open alerts per target")),
        Commands.slash("verify", "Restore a backup into a scratch database and check it")
            .addOptions(backup(), target()),
        Commands.slash("restore", "Restore a backup (asks a second person to approve)")
            .addOptions(backup(), target(), new OptionData(OptionType.STRING, "mode",
                "side-by-side (default: restore beside, then swap) or in-place")
                .addChoice("side-by-side", "side-by-side").addChoice("in-place", "in-place")),
        Commands.slash("drill", "Run a restore drill and measure the real RTO")
            .addOptions(target()),
        Commands.slash("runs", "Runs going on and the latest ones"),
        Commands.slash("cancel", "Cancel a run (r12) or withdraw a request (a3)")
            .addOptions(new OptionData(OptionType.STRING, "what", "r12 or a3", true)),
        Commands.slash("approvals", "Requests waiting for approval"),
        Commands.slash("approve", "Approve a request")
            .addOptions(new OptionData(OptionType.STRING, "request", "a3 (the only open one "
                + "when left out)")),
        Commands.slash("deny", "Deny a request")
            .addOptions(new OptionData(OptionType.STRING, "request", "a3"),
                new OptionData(OptionType.STRING, "reason", "why, for the audit log")),
        Commands.slash("breakglass", "Run a request without approval, in an emergency")
            .addOptions(new OptionData(OptionType.STRING, "request", "a3", true),
                new OptionData(OptionType.STRING, "reason", "why (goes to the audit log)", true)),
        Commands.slash("continue", "Confirm a run's checklist so it goes on")
            .addOptions(new OptionData(OptionType.STRING, "run", "r12")),
        Commands.slash("abort", "Stop a run at its checklist")
            .addOptions(new OptionData(OptionType.STRING, "run", "r12"),
                new OptionData(OptionType.STRING, "reason", "why")),
        Commands.slash("ack", "Take an alert")
            .addOptions(new OptionData(OptionType.STRING, "alert", "al3")),
        Commands.slash("lifeboat", "Any Lifeboat command as text (lifeboat backup now shop), "
            + "or help").addOptions(new OptionData(OptionType.STRING, "command",
                "e.g. backup prune shop --dry-run")));
  }

  private static OptionData target() {
    return new OptionData(OptionType.STRING, "target", "the database (default: the only one)")
        .setAutoComplete(true);
  }

  private static OptionData backup() {
    return new OptionData(OptionType.STRING, "backup", "a backup id, or latest (the default)")
        .setAutoComplete(true);
  }

  /**
   * The command line the shared parser reads: "/backup now shop". Option values are words
   * of the line as if typed, in the order Discord sent them.
   */
  static String text(String name, Optional<String> subcommand, List<String> values) {
    if (name.equals("lifeboat")) {
      String line = String.join(" ", values).strip().replaceFirst("^/", "");
      return line.isEmpty() ? "/help" : "/" + line;
    }
    return Stream.concat(Stream.concat(Stream.of("/" + name), subcommand.stream()),
        values.stream().map(String::strip).filter(v -> !v.isEmpty()))
        .collect(Collectors.joining(" "));
  }

  void onSlashCommand(SlashCommandInteractionEvent event) {
    // A redelivered interaction is neither answered again (Discord refuses a second answer)
    // nor run again.
    if (!dedupe.first(Dedupe.event(event.getId()))) {
      LOG.debug("Ignored a redelivered /{} from {}", event.getName(), event.getUser().getId());
      return;
    }
    // The work starts once Discord has the acknowledgement: a burst of commands then never
    // delays the acknowledgements of the others, and a command whose acknowledgement failed
    // (too late; the person sees "the application did not respond") does not run unseen.
    acks.sending();
    event.deferReply(true).queue(ok -> {
      acks.sent();
      later(() -> answer(event), "/" + event.getName());
    }, e -> {
      acks.sent();
      LOG.warn("Could not acknowledge /{} in time, so it did not run: {}", event.getName(),
          e.toString());
    });
  }

  /** Runs the command once the burst's acknowledgements are through, and answers. */
  private void answer(SlashCommandInteractionEvent event) {
    try {
      acks.awaitQuiet();
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      return;
    }
    String line = text(event.getName(), Optional.ofNullable(event.getSubcommandName()),
        event.getOptions().stream().map(OptionMapping::getAsString).toList());
    Origin origin = new Origin(DiscordPeople.PLATFORM, event.getChannelId() == null ? ""
        : event.getChannelId(), "");
    ChatInbound.Answer answer = inbound.command(event.getUser().getId(),
        roles(event.getMember()), line, origin);
    // Sent from this thread, so a burst sends at most as many answers at once as there are
    // workers.
    try {
      event.getHook().editOriginal(DiscordRenderer.cut(render.text(answer.lines()),
          DiscordMessage.CONTENT)).setAllowedMentions(List.of()).complete();
    } catch (RuntimeException e) {
      LOG.warn("Could not answer /{}: {}", event.getName(), e.toString());
    }
  }

  /** Targets and backups the person may see, matching what they typed so far. */
  void onAutoComplete(CommandAutoCompleteInteractionEvent event) {
    String option = event.getFocusedOption().getName();
    String typed = event.getFocusedOption().getValue().strip().toLowerCase(Locale.ROOT);
    String user = event.getUser().getId();
    Set<String> roles = roles(event.getMember());
    Optional<String> chosenTarget = Optional.ofNullable(event.getOption("target"))
        .map(OptionMapping::getAsString).filter(t -> !t.isBlank());
    later(() -> {
      Optional<Person> person = inbound.person(user, roles);
      List<String> choices = person.map(p -> switch (option) {
        case "target" -> targets(p);
        case "backup" -> backups(p, chosenTarget);
        default -> List.<String>of();
      }).orElse(List.of()).stream().filter(c -> c.toLowerCase(Locale.ROOT).contains(typed))
          .limit(CHOICES).toList();
      event.replyChoiceStrings(choices).queue(ok -> { },
          e -> LOG.debug("Autocomplete answer refused: {}", e.toString()));
    }, "autocomplete");
  }

  private List<String> targets(Person person) {
    return targets.stream().filter(t -> access.allows(person, Action.VIEW, t)).toList();
  }

  private List<String> backups(Person person, Optional<String> target) {
    List<String> ids = new ArrayList<>(List.of("latest"));
    catalog.list(target, 50).stream().map(BackupRecord::manifest)
        .filter(m -> access.allows(person, Action.VIEW, m.target()))
        .map(m -> m.id()).forEach(ids::add);
    return ids;
  }

  static Set<String> roles(Member member) {
    return member == null ? Set.of()
        : member.getRoles().stream().map(Role::getId).collect(Collectors.toUnmodifiableSet());
  }

  private void later(Runnable task, String what) {
    try {
      work.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.warn("Lifeboat is stopping; {} was not handled", what);
    }
  }
}
