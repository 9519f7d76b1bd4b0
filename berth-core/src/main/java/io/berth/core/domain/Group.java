package io.berth.core.domain;

/** Users get access to images through the groups they belong to. */
public record Group(long id, String name, String description) {}
