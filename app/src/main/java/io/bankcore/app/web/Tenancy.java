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

    static void mayOpen(AccountNumber number) {
        var tenant = Principals.tenant();
        if (tenant.isPresent() && !number.value().startsWith(tenant.get())) {
            throw new ApiProblem(
                    ProblemCode.FORBIDDEN,
                    "This credential may open only accounts whose numbers start with " + tenant.get() + ".");
        }
    }
}
