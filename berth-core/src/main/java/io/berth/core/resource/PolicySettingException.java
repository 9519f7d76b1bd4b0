package io.berth.core.resource;

/** A pool's policy setting a resource manager cannot use; {@code setting} names it (e.g. "weight.balance"). */
public class PolicySettingException extends IllegalArgumentException {
    private final String setting;

    public PolicySettingException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}
