package io.berth.core.admin;

/** Salted, deliberately slow password hashing (the server uses Argon2id). */
public interface PasswordHasher {
    /** A self-describing hash string including its salt and parameters. */
    String hash(char[] password);

    boolean verify(char[] password, String hash);
}
