package io.berth.metrics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoadMonitorConcurrencyTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final int THREADS = 8;
    static final int SAMPLES_PER_THREAD = 10_000;
    static final int HOSTS_PER_THREAD = 16;

    /** Runs the tasks together once all are ready (a latch, no sleeping) and rethrows any failure. */
    static void runTogether(List<Callable<Void>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Void>> futures = new ArrayList<>();
            for (Callable<Void> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Void> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writersOnTheirOwnHostsLoseNoSample() throws Exception {
        LoadMonitor m = new LoadMonitor(new TestClock(T0));
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            final long firstHost = 1000L * t;
            writers.add(() -> {
                for (int i = 0; i < SAMPLES_PER_THREAD; i++) {
                    long host = firstHost + i % HOSTS_PER_THREAD;
                    m.accept(HostSample.of(host, T0.plusSeconds(i), (i % 100) / 100.0, 1, 2));
                }
                return null;
            });
        }
        runTogether(writers);

        assertThat(m.acceptedSamples()).isEqualTo((long) THREADS * SAMPLES_PER_THREAD);
        assertThat(m.droppedSamples()).isZero();
        assertThat(m.hosts()).hasSize(THREADS * HOSTS_PER_THREAD);
        // host 1000·t + h last got sample i = SAMPLES - 16 + h (the last i with i % 16 == h)
        for (int t = 0; t < THREADS; t++) {
            for (int h = 0; h < HOSTS_PER_THREAD; h++) {
                int lastI = SAMPLES_PER_THREAD - HOSTS_PER_THREAD + h;
                HostLoad l = m.load(1000L * t + h);
                assertThat(l.lastSampleAt()).isEqualTo(T0.plusSeconds(lastI));
                assertThat(l.cpu()).isEqualTo((lastI % 100) / 100.0);
                assertThat(l.samples()).isEqualTo(90);
            }
        }
    }

    @Test
    void writersRacingOnOneHostAcceptOrDropEverySampleExactlyOnce() throws Exception {
        LoadMonitor m = new LoadMonitor(new TestClock(T0));
        AtomicLong ticket = new AtomicLong();
        List<Callable<Void>> writers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            writers.add(() -> {
                for (int i = 0; i < SAMPLES_PER_THREAD; i++) {
                    long ms = ticket.incrementAndGet();
                    m.accept(7, T0.toEpochMilli() + ms, 0.5, 1, 2, Double.NaN, Double.NaN, -1);
                }
                return null;
            });
        }
        runTogether(writers);

        long total = (long) THREADS * SAMPLES_PER_THREAD;
        assertThat(m.acceptedSamples() + m.droppedSamples()).isEqualTo(total);
        assertThat(m.acceptedSamples()).isPositive();
        // whoever drew the last ticket found every other sample older than its own
        assertThat(m.load(7).lastSampleAt()).isEqualTo(T0.plusMillis(total));
    }

    @Test
    void readersAndPendingChurnRunAlongsideWriters() throws Exception {
        TestClock clock = new TestClock(T0);
        LoadMonitor m = new LoadMonitor(LoadMonitorSettings.defaults().withStalePolicy(StalePolicy.PENALISE), clock);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch writersDone = new CountDownLatch(THREADS / 2);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS / 2; t++) {
            final long firstHost = 100L * t;
            tasks.add(() -> {
                try {
                    for (int i = 0; i < SAMPLES_PER_THREAD; i++) {
                        m.accept(HostSample.of(firstHost + i % 8, T0.plusSeconds(i), 0.3, 1, 2));
                    }
                } finally {
                    writersDone.countDown();
                }
                return null;
            });
        }
        for (int t = 0; t < THREADS / 4; t++) {
            tasks.add(() -> { // placement: reads every host until the writers finish
                while (writing.get()) {
                    for (long host : m.hosts()) {
                        HostLoad l = m.load(host);
                        assertThat(l.effectiveCpu()).isFinite();
                    }
                }
                return null;
            });
        }
        for (int t = 0; t < THREADS / 4; t++) {
            final int thread = t;
            tasks.add(() -> { // pending churn on the hosts being written, with keys of its own
                for (int i = 0; i < 2_000; i++) {
                    String key = "t" + thread + "-" + i;
                    m.addPending(100L * (i % 4) + i % 8, key, 0.1, 64, T0.plusSeconds(1_000_000));
                    if (i % 2 == 0) {
                        m.removePending(key);
                    }
                }
                writersDone.await();
                writing.set(false);
                return null;
            });
        }
        runTogether(tasks);

        assertThat(m.acceptedSamples()).isEqualTo((long) (THREADS / 2) * SAMPLES_PER_THREAD);
        // 2 churners × 1,000 surviving keys of 0.1 each, none visible yet
        double pendingTotal = 0;
        for (long host : m.hosts()) {
            pendingTotal += m.load(host).pendingCpu();
        }
        assertThat(pendingTotal).isCloseTo(2 * 1_000 * 0.1, org.assertj.core.api.Assertions.within(1e-6));
        for (int t = 0; t < THREADS / 4; t++) {
            for (int i = 1; i < 2_000; i += 2) {
                assertThat(m.removePending("t" + t + "-" + i)).isTrue();
            }
        }
        for (long host : m.hosts()) {
            assertThat(m.load(host).pendingCpu()).isZero();
        }
    }
}
