package io.berth.cli.bench;

import picocli.CommandLine.Command;

/** {@code berth bench}: Berth's own benchmarks (the placement micro-benchmarks are JMH: see docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: api (reservations per second end to end)",
        subcommands = {ApiBenchCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
