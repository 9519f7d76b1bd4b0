package io.berth.rm.vsphere.soap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Waits for vSphere tasks by polling their info, quickly at first and then every few seconds, up to a deadline.
 * Past the deadline it asks vSphere to cancel the task and reports {@link TaskTimedOut}.
 */
public final class TaskWaiter {
    private static final Logger log = LoggerFactory.getLogger(TaskWaiter.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration SLOWEST_POLL = Duration.ofSeconds(3);

    private final VimSession session;
    private final PropertyReader properties;

    public TaskWaiter(VimSession session, PropertyReader properties) {
        this.session = session;
        this.properties = properties;
    }

    /** The task's result (e.g. the new VM of a clone), if it has one. */
    public Optional<XmlNode> await(MoRef task, String what, Duration timeout) throws VimException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration poll = FIRST_POLL;
        while (true) {
            XmlNode info = properties.one(task, List.of("info")).flatMap(o -> o.get("info"))
                    .orElseThrow(() -> new TaskFailed(task, what, "ManagedObjectNotFound", "the task disappeared"));
            String state = info.text("state").orElse("");
            switch (state) {
                case "success" -> {
                    return info.child("result");
                }
                case "error" -> {
                    XmlNode error = info.child("error").orElse(null);
                    String fault = error == null ? "UnknownFault"
                            : error.child("fault").map(f -> f.xsiType() != null ? f.xsiType() : f.name()).orElse("UnknownFault");
                    String message = error == null ? "" : error.text("localizedMessage").orElse("");
                    throw new TaskFailed(task, what, fault, message);
                }
                default -> { } // queued or running
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                cancel(task);
                throw new TaskTimedOut(task, what, timeout);
            }
            VimSession.pause(Duration.ofNanos(Math.min(poll.toNanos(), left)));
            poll = poll.multipliedBy(2).compareTo(SLOWEST_POLL) > 0 ? SLOWEST_POLL : poll.multipliedBy(2);
        }
    }

    private void cancel(MoRef task) {
        try {
            session.call(XmlElement.of("CancelTask").add(XmlElement.ref("_this", task)));
        } catch (VimException e) {
            log.info("could not cancel task {}: {}", task.value(), e.getMessage()); // not cancelable, or already done
        }
    }
}
