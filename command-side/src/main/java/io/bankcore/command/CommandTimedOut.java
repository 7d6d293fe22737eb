package io.bankcore.command;

import java.time.Duration;

/** A command got no answer within its timeout; whether it took effect is unknown to the caller. */
public class CommandTimedOut extends RuntimeException {

    public CommandTimedOut(String command, Duration timeout) {
        super(command + " got no answer within " + timeout);
    }
}
