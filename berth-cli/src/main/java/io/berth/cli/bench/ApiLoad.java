package io.berth.cli.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: {@code clients} virtual users each POST a reservation, wait for the answer, and post the
 * next, for {@code duration}. Records every request's latency; what counts is admitted (201) per second. Each client
 * keeps one connection open and spends next to nothing per request ({@link KeepAliveClient}), since it shares the
 * machine with the server.
 */
final class ApiLoad {
    /** What the measured seconds gave, and the CPU they took (from the end of the warm-up until the last answer). */
    record Result(long admitted, long refused, long errors, double seconds, long[] latenciesNanos, CpuMeter cpuFrom, CpuMeter cpuTo) {
        double perSecond() {
            return admitted / seconds;
        }

        double percentileMillis(double q) {
            if (latenciesNanos.length == 0) return Double.NaN;
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }

        double jvmCpuMillisPerAdmitted() {
            return cpuTo.jvmMillisPer(cpuFrom, admitted);
        }

        double machineCpuMillisPerAdmitted() {
            return cpuTo.machineMillisPer(cpuFrom, admitted);
        }
    }

    static Result run(URI base, List<String> tokens, long imageId, int clients, Duration warmup, Duration duration) throws InterruptedException {
        String body = "{\"imageId\":" + imageId + ",\"durationMinutes\":15}";
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + duration.toNanos();
        AtomicLong admitted = new AtomicLong(), refused = new AtomicLong(), errors = new AtomicLong();
        List<long[]> perClient = new ArrayList<>();
        List<int[]> counts = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clients);
        CpuMeter[] cpu = new CpuMeter[2];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                long[] lat = new long[2_000_000 / clients + 1];
                int[] n = new int[1];
                perClient.add(lat);
                counts.add(n);
                String token = tokens.get(c % tokens.size());
                pool.execute(() -> {
                    try (KeepAliveClient http = new KeepAliveClient(base, "/api/v1/reservations", "Bearer " + token, body)) {
                        while (true) {
                            long t0 = System.nanoTime();
                            if (t0 >= end) break;
                            int status = post(http);
                            long t1 = System.nanoTime();
                            if (t0 < warmupEnd) continue;
                            if (status == 201) admitted.incrementAndGet();
                            else if (status == 409) refused.incrementAndGet();
                            else errors.incrementAndGet();
                            if (n[0] < lat.length) lat[n[0]++] = t1 - t0;
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            long untilMeasured = warmupEnd - System.nanoTime();
            if (untilMeasured > 0) Thread.sleep(Duration.ofNanos(untilMeasured)); // the coordinator waits; clients run
            CpuMeter from = CpuMeter.now();
            done.await();
            cpu[0] = from;
            cpu[1] = CpuMeter.now();
        }
        int total = counts.stream().mapToInt(a -> a[0]).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(perClient.get(c), 0, all, k, counts.get(c)[0]);
            k += counts.get(c)[0];
        }
        return new Result(admitted.get(), refused.get(), errors.get(), duration.toNanos() / 1e9, all, cpu[0], cpu[1]);
    }

    private static int post(KeepAliveClient http) {
        try {
            return http.send();
        } catch (Exception e) {
            return -1;
        }
    }
}
