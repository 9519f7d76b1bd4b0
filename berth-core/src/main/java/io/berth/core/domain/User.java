package io.berth.core.domain;

public record User(long id, String login, String displayName, String email, Role role, boolean enabled) {
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
