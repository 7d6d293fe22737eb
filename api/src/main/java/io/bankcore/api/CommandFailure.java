package io.bankcore.api;

/**
 * Why a command was refused, in a form that survives any command bus: {@code code} is the name of one
 * of the domain's error codes, {@code detail} the human-readable reason.
 */
public record CommandFailure(String code, String detail) {}
