package io.bankcore.api;

/** An event of one transfer, on whichever aggregate's stream; all of a transfer's events carry its id. */
public interface TransferEvent {

    String transferId();
}
