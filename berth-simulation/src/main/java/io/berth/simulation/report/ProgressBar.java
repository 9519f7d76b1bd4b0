package io.berth.simulation.report;

import io.berth.simulation.Simulation;

import java.io.PrintStream;

/** A progress bar on one terminal line (stderr), redrawn each time the run advances by a percent. */
public final class ProgressBar implements Simulation.Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private String current;
    private int lastPercent = -1;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void step(String policy, int done, int steps) {
        int percent = steps == 0 ? 100 : (int) (100L * done / steps);
        if (policy.equals(current) && percent == lastPercent) return;
        current = policy;
        lastPercent = percent;
        int filled = WIDTH * percent / 100;
        out.print("\r  " + policy + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + percent + " %  ");
        if (done == steps) out.print("\r" + " ".repeat(WIDTH + policy.length() + 16) + "\r");
        out.flush();
    }
}
