package io.bankcore.api;

/** The open reservations held on an account, soonest expiry first, at most {@code limit}. */
public record GetReservationsQuery(String accountNumber, int limit) {}
