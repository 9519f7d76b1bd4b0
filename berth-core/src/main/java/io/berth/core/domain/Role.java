package io.berth.core.domain;

/** Admins manage the lab and act on every reservation; users act on their own. */
public enum Role { ADMIN, USER }
