package io.bankcore.domain;

import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/** An ISO-4217 alphabetic currency code, upper case, known to the JDK's currency table. */
public record CurrencyCode(String code) {

    /**
     * Codes in the JDK's table that are not money an account can hold: precious metals, funds, testing
     * and "no currency" codes, and currencies withdrawn from circulation.
     */
    private static final Set<String> EXCLUDED = Set.of(
            "XAU", "XAG", "XPT", "XPD", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA", "XTS", "XXX", "XFO", "XFU",
            "ADP", "AFA", "ATS", "AYM", "AZM", "BEF", "BGL", "CSD", "CYP", "DEM", "EEK", "ESP", "FIM", "FRF", "GHC",
            "GRD", "GWP", "HRK", "IEP", "ITL", "LTL", "LUF", "LVL", "MGF", "MRO", "MTL", "MZM", "NLG", "PTE", "ROL",
            "RUR", "SDD", "SIT", "SKK", "SLL", "SRG", "STD", "TMM", "TPE", "TRL", "VEB", "VEF", "YUM", "ZMK", "ZWD",
            "ZWN", "ZWR", "CUC");

    private static final Set<String> KNOWN = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .filter(code -> !EXCLUDED.contains(code))
            .collect(Collectors.toUnmodifiableSet());

    public static final CurrencyCode BRL = new CurrencyCode("BRL");

    public CurrencyCode {
        if (code == null || !isIso4217(code)) {
            throw new InvalidCurrency("currency must be an ISO-4217 alphabetic code such as BRL, got "
                    + (code == null ? "null" : '"' + code + '"'));
        }
    }

    public static CurrencyCode of(String code) {
        return new CurrencyCode(code);
    }

    /** True for exactly three upper-case ASCII letters that name an ISO-4217 currency in circulation. */
    public static boolean isIso4217(String code) {
        if (code == null || code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return KNOWN.contains(code);
    }

    @Override
    public String toString() {
        return code;
    }
}
