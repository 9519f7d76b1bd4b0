package io.berth.core.store;

import java.util.List;

/** The record of remote-procedure calls, newest last. */
public interface ApiCallLog {
    /** Appends a call under a fresh id (the draft's id is ignored). */
    ApiCall append(ApiCall draft);

    /** Up to {@code limit} calls with an id below {@code beforeId}, newest first. */
    List<ApiCall> recent(int limit, long beforeId);
}
