package io.bankcore.command.transfer;

/**
 * How the transfer saga sends its steps' commands: fire and forget, the outcome comes back as an
 * event. The application's implementation sends them once the saga's own transaction has committed,
 * each in a transaction of its own, retrying lost append races; a step lost to a crash in between is
 * sent again by the saga's deadline.
 */
public interface TransferStepGateway {

    void send(Object command);
}
