package io.berth.placement.remote;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST to the remote policy, bounded by the timeout from start to full body: the request timeout alone only
 * covers the wait for the response headers, so the call also waits on the future for at most that long.
 */
final class RemoteCall {
    static final String VERSION_HEADER = "Berth-Protocol-Version";
    private static final int BODY_SHOWN = 200;

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;

    RemoteCall(HttpClient client, URI url, Duration timeout) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
    }

    /**
     * The body of a 2xx answer. A call whose connection broke before any answer came (a kept-alive connection the
     * service had closed meanwhile: HTTP/1.0 services and idle timeouts do, and the JDK retries only idempotent
     * methods by itself) is made once more, within what is left of the timeout: asking for a ranking changes nothing.
     */
    String post(String json) throws RemoteFailure {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            return attempt(json, timeout);
        } catch (ConnectionLost lost) {
            long left = deadline - System.nanoTime();
            if (left <= 0) throw timedOut();
            try {
                return attempt(json, Duration.ofNanos(left));
            } catch (ConnectionLost again) {
                throw new RemoteFailure("request failed: " + again.getMessage());
            }
        }
    }

    /** The connection broke with no answer: worth one more try. */
    private static final class ConnectionLost extends Exception {
        ConnectionLost(String message) {
            super(message, null, false, false);
        }
    }

    private String attempt(String json, Duration wait) throws RemoteFailure, ConnectionLost {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(wait)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header(VERSION_HEADER, Integer.toString(ProtocolRequest.VERSION))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        CompletableFuture<HttpResponse<String>> call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = call.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new RemoteFailure("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpTimeoutException) throw timedOut();
            if (cause instanceof ConnectException) throw new RemoteFailure("cannot connect to " + url + ": " + describe(cause));
            if (cause instanceof IOException) throw new ConnectionLost(describe(cause));
            throw new RemoteFailure("request failed: " + cause);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new RemoteFailure("HTTP " + status + (body.isEmpty() ? "" : ": "
                    + (body.length() > BODY_SHOWN ? body.substring(0, BODY_SHOWN) + "..." : body)));
        }
        return response.body();
    }

    private RemoteFailure timedOut() {
        return new RemoteFailure("timed out after " + timeout.toMillis() + " ms");
    }

    private static String describe(Throwable e) {
        // The JDK's connection errors often carry no message, only their type.
        String m = e.getMessage();
        if (m == null && e.getCause() != null) m = e.getCause().toString();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
