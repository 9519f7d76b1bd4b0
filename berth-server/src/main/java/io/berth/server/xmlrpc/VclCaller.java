package io.berth.server.xmlrpc;

import io.berth.core.domain.User;

/**
 * Who is calling: the authenticated user ({@code null} only for XMLRPCaffiliations, which needs no credentials),
 * the one affiliation Berth's users have, and the caller's network address.
 */
public record VclCaller(User user, String affiliation, String address) {

    /** "login@Affiliation", the way VCL names users. */
    public String qualified(String login) {
        return login + "@" + affiliation;
    }

    public boolean isAdmin() {
        return user != null && user.isAdmin();
    }
}
