package io.berth.placement.remote;

/** Why the remote policy gave no usable answer; the message goes into the explanation as the fallback reason. */
final class RemoteFailure extends Exception {
    RemoteFailure(String reason) {
        super(reason, null, false, false); // an expected outcome, not a bug: no stack trace needed
    }
}
