package io.berth.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code berth} command. */
@Command(name = "berth", mixinStandardHelpOptions = true, version = "Berth 0.1.0",
        description = "A virtual computing lab: reserve images, placed by pluggable, load-aware controllers.",
        subcommands = {ServeCommand.class, SimulateCommand.class, io.berth.cli.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class BerthCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new BerthCommand()).execute(args);
        if (code != 0) System.exit(code);
    }
}
