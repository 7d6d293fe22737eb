package io.bankcore.domain;

/** Where an account is in its life: open, frozen in one direction or both, or closed for good. */
public enum AccountStatus {
    ACTIVE,
    FROZEN,
    CLOSED
}
