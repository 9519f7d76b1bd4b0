package io.berth.rm.vsphere.soap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * A logged-in session with one vSphere endpoint, shared by all of Berth's threads. It logs in on first use and
 * again when the server says the session is gone (expired, or ended by an admin), then repeats the call once.
 * Read-only calls ({@link #read}) are also retried a few times, with backoff, when the endpoint is briefly away;
 * calls that change something ({@link #call}) are not, since the first may have taken effect.
 */
public final class VimSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VimSession.class);
    private static final MoRef SERVICE_INSTANCE = new MoRef("ServiceInstance", "ServiceInstance");
    private static final int READ_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(250);

    private final VimEndpoint endpoint;
    private final SoapTransport transport;
    private volatile Login login;

    /** A session cookie and what the endpoint offered with it. */
    private record Login(String cookie, ServiceContent content) {}

    public VimSession(VimEndpoint endpoint) {
        this.endpoint = endpoint;
        this.transport = new SoapTransport(endpoint.url(), endpoint.trust(), endpoint.connectTimeout(), endpoint.callTimeout(),
                VimEndpoint.API_VERSION);
    }

    public String endpoint() {
        return transport.endpoint();
    }

    /** The endpoint's managers; logs in if there is no session yet. */
    public ServiceContent content() throws VimException {
        return currentLogin().content();
    }

    /** A call that changes something: made once (a new session is the only reason to repeat it). */
    public XmlNode call(XmlElement request) throws VimException {
        return invoke(request, 1);
    }

    /** A call that only reads: repeated with backoff while the endpoint is briefly unavailable. */
    public XmlNode read(XmlElement request) throws VimException {
        return invoke(request, READ_ATTEMPTS);
    }

    private XmlNode invoke(XmlElement request, int attempts) throws VimException {
        boolean loggedInAgain = false;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            Login current = currentLogin();
            try {
                return transport.post(request, current.cookie()).content();
            } catch (SoapFault f) {
                if (!f.is("NotAuthenticated") || loggedInAgain) throw f;
                log.info("vSphere session at {} is no longer valid; logging in again", endpoint());
                forget(current);
                loggedInAgain = true;
                attempt--; // a new session is not a retry
            } catch (EndpointUnavailable e) {
                if (attempt >= attempts || Thread.currentThread().isInterrupted()) throw e;
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private Login currentLogin() throws VimException {
        Login l = login;
        if (l != null) return l;
        synchronized (this) {
            if (login == null) login = logIn();
            return login;
        }
    }

    private synchronized void forget(Login stale) {
        if (login == stale) login = null;
    }

    private Login logIn() throws VimException {
        XmlNode sc = transport.post(XmlElement.of("RetrieveServiceContent").add(XmlElement.ref("_this", SERVICE_INSTANCE)), null).content();
        ServiceContent content;
        try {
            content = ServiceContent.from(sc.child("returnval").orElseThrow(() -> new IllegalStateException("no returnval")));
        } catch (IllegalStateException e) {
            throw new EndpointUnavailable(endpoint(), "its service content is unusable: " + e.getMessage(), false, e);
        }
        Credentials c = endpoint.credentials();
        SoapTransport.Response r = transport.post(XmlElement.of("Login")
                .add(XmlElement.ref("_this", content.sessionManager()))
                .add("userName", c.user())
                .add("password", c.password().reveal()), null);
        String cookie = r.sessionCookie().orElseThrow(() -> new EndpointUnavailable(endpoint(),
                "Login succeeded but set no " + SoapTransport.COOKIE + " cookie", false, null));
        log.info("logged in to {} ({}, {}) as {}", endpoint(), content.fullName(), content.apiType(), c.user());
        return new Login(cookie, content);
    }

    /** Ends the session on the server (best effort: Berth is shutting down). */
    @Override
    public void close() {
        Login l = login;
        login = null;
        if (l == null) return;
        try {
            transport.post(XmlElement.of("Logout").add(XmlElement.ref("_this", l.content().sessionManager())), l.cookie());
        } catch (VimException e) {
            log.debug("logout from {} failed: {}", endpoint(), e.getMessage());
        }
    }

    /** Waiting between attempts is the behaviour here (the endpoint needs time to come back), not a test's sleep. */
    static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
