package io.bankcore.app.web;

import io.bankcore.app.security.Principals;
import io.bankcore.domain.AccountNotFound;
import io.bankcore.domain.AccountNumber;
import io.bankcore.query.lookup.TenantScope;

/**
 * A client bound to a tenant (an account-number prefix) sees and moves only that tenant's accounts.
 * Any other account answers exactly as an account that does not exist, so that its existence does
 * not leak; opening an account outside the tenant is forbidden.
 */
final class Tenancy {

    private Tenancy() {}

    /** Whether the current client may see the account. */
    static boolean visible(String accountNumber) {
        return Principals.tenant().map(accountNumber::startsWith).orElse(true);
    }

    /** What the current client's look-ups may see: its tenant's accounts, or every account. */
    static TenantScope scope() {
        return TenantScope.of(Principals.tenant());
    }

    /** The account, unless the current client may not see it: then it does not exist for that client. */
    static void require(AccountNumber number) {
        if (!visible(number.value())) {
            throw new AccountNotFound(number.value());
        }
    }

    /**
     * The transfer, unless the current client is bound to a tenant and the transfer is between accounts
     * outside it (or its read model does not show it yet): then it does not exist for that client.
     */
    static void requireTransfer(io.bankcore.query.TransferReadModel transfers, String transferId) {
        if (Principals.tenant().isEmpty()) {
            return;
        }
        boolean visible = transfers
                .find(transferId)
                .filter(t -> visible(t.fromAccountNumber()) && visible(t.toAccountNumber()))
                .isPresent();
        if (!visible) {
            throw new io.bankcore.domain.TransferNotFound(transferId);
        }
    }

    static void mayOpen(AccountNumber number) {
        var tenant = Principals.tenant();
        if (tenant.isPresent() && !number.value().startsWith(tenant.get())) {
            throw new ApiProblem(
                    ProblemCode.FORBIDDEN,
                    "This credential may open only accounts whose numbers start with " + tenant.get() + ".");
        }
    }
}
