package io.bankcore.domain;

/** Metadata a change would leave outside its limits (more keys than an account may have). */
public final class InvalidMetadata extends DomainException {

    public InvalidMetadata(String detail) {
        super(ErrorCode.INVALID_REQUEST, detail);
    }
}
