package io.berth.core.store;

import java.time.Instant;

/**
 * One call to a remote-procedure interface (the Apache VCL XML-RPC API), as Apache VCL's xmlrpcLog keeps it:
 * who (the login as sent, and the user if it was authenticated), when, from where, what method with which
 * arguments, and how it ended ("success", "error 5", "fault 3", ...). Passwords are never recorded.
 */
public record ApiCall(long id, Instant at, String protocol, Long userId, String login, String address, String method,
                      String arguments, String outcome) {}
