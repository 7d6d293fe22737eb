package io.bankcore.domain;

/** The account is frozen in the direction of the movement; the detail gives the freeze's reason. */
public final class AccountFrozen extends DomainException {

    public AccountFrozen(AccountNumber number, FreezeDirection direction, String reason) {
        super(
                ErrorCode.ACCOUNT_FROZEN,
                "Account " + number.value() + " is frozen"
                        + (direction == FreezeDirection.ALL ? "" : " for " + direction.prose()) + ": " + reason);
    }
}
