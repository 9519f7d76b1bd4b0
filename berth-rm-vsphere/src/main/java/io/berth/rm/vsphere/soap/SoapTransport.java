package io.berth.rm.vsphere.soap;

import javax.net.ssl.SSLHandshakeException;
import javax.xml.stream.XMLStreamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Posts SOAP envelopes to one vSphere endpoint over the JDK's HTTP client. Every call is bounded by the call
 * timeout, body included; failures become {@link VimException}s that say what went wrong without the payload.
 */
final class SoapTransport {
    static final String COOKIE = "vmware_soap_session";

    private final URI endpoint;
    private final HttpClient http;
    private final Duration callTimeout;
    private final String soapAction;

    /** What came back: the method's response element, and the session cookie if the server set one. */
    record Response(XmlNode content, Optional<String> sessionCookie) {}

    SoapTransport(URI endpoint, TrustSettings trust, Duration connectTimeout, Duration callTimeout, String apiVersion) {
        this.endpoint = endpoint;
        this.callTimeout = callTimeout;
        this.soapAction = "urn:vim25/" + apiVersion;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (endpoint.getScheme().equals("https")) {
            try {
                b.sslContext(trust.sslContext());
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("cannot set up TLS trust (" + trust.describe() + "): " + e.getMessage(), e);
            }
        }
        this.http = b.build();
    }

    String endpoint() {
        return endpoint.toString();
    }

    Response post(XmlElement call, String cookie) throws VimException {
        String method = call.name();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(callTimeout)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", soapAction)
                .POST(HttpRequest.BodyPublishers.ofString(Envelope.write(call)));
        if (cookie != null) request.header("Cookie", cookie);
        HttpResponse<byte[]> response = send(request.build(), method);
        XmlNode envelope;
        try {
            envelope = XmlParser.parse(new ByteArrayInputStream(response.body()));
        } catch (XMLStreamException e) {
            throw new EndpointUnavailable(endpoint(), method + " got HTTP " + response.statusCode() + " with a body that is not SOAP", false, e);
        }
        XmlNode content = Envelope.bodyContent(envelope).orElseThrow(() -> new EndpointUnavailable(endpoint(),
                method + " got HTTP " + response.statusCode() + " with an empty SOAP body", false, null));
        if (content.name().equals("Fault")) throw Envelope.fault(content, method);
        if (response.statusCode() != 200) {
            throw new EndpointUnavailable(endpoint(), method + " got HTTP " + response.statusCode(), false, null);
        }
        return new Response(content, sessionCookie(response));
    }

    /** The whole exchange, body included, within the call timeout. */
    private HttpResponse<byte[]> send(HttpRequest request, String method) throws VimException {
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            return pending.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new EndpointUnavailable(endpoint(), method + " took longer than " + human(callTimeout), true, e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new EndpointUnavailable(endpoint(), method + " was interrupted", false, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause(), method);
        }
    }

    private VimException translate(Throwable e, String method) {
        if (e instanceof SSLHandshakeException && causedBy(e, CertificateException.class)) {
            return new UntrustedEndpoint("vSphere endpoint " + endpoint() + " presented a certificate Berth does not trust: "
                    + rootMessage(e), e);
        }
        if (e instanceof HttpConnectTimeoutException) return new EndpointUnavailable(endpoint(), "connecting timed out", true, e);
        if (e instanceof HttpTimeoutException) return new EndpointUnavailable(endpoint(), method + " took longer than " + human(callTimeout), true, e);
        if (causedBy(e, ConnectException.class)) return new EndpointUnavailable(endpoint(), "connection refused", false, e);
        return new EndpointUnavailable(endpoint(), method + ": " + rootMessage(e), false, e);
    }

    private static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static Optional<String> sessionCookie(HttpResponse<?> response) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0].strip();
            if (pair.startsWith(COOKIE + "=")) return Optional.of(pair);
        }
        return Optional.empty();
    }
}
