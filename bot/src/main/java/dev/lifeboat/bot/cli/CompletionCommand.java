package dev.lifeboat.bot.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat completion bash|zsh}: a shell completion script generated from the same
 * command model as {@code --help}, so the two never disagree.
 */
@Command(name = "completion", description = {
    "Print a shell completion script.",
    "bash: source <(lifeboat completion bash)  (or save it in /etc/bash_completion.d/lifeboat)",
    "zsh:  source <(lifeboat completion zsh)   (in ~/.zshrc)"})
final class CompletionCommand implements Callable<Integer> {
  enum Shell { bash, zsh }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  Shell shell;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("lifeboat", spec.root().commandLine());
    if (shell == Shell.zsh) {
      // picocli's script is written for bash's complete/compgen, which zsh provides through
      // bashcompinit.
      script = "autoload -U +X compinit && compinit\n"
          + "autoload -U +X bashcompinit && bashcompinit\n" + script;
    }
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCode.OK.code();
  }
}
