package io.bankcore.command;

/** The write pipeline's queue was full, or the instance is stopping: the write was not started. */
public class PipelineOverloaded extends RuntimeException {

    public PipelineOverloaded() {
        this("too many writes are waiting on this instance; nothing was done");
    }

    public PipelineOverloaded(String message) {
        super(message, null, false, false);
    }
}
