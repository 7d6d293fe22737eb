package io.bankcore.command.transfer;

/**
 * How the transfer saga sends its steps' commands. The outcome of a step always comes back as an
 * event, never as a reply.
 */
public interface TransferStepGateway {

    /**
     * Sends a step's command.
     *
     * @return true when the command was carried out in the caller's unit of work, so its events (and the
     *     saga's next steps) commit or roll back with it and nothing can be left pending; false when it
     *     goes out later or elsewhere, so the saga must watch it with a deadline
     */
    boolean send(Object command);
}
