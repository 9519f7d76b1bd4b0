package io.berth.server.config;

/** A configuration value Berth cannot use; the message says which key and why. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
