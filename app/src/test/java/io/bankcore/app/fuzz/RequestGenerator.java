package io.bankcore.app.fuzz;

import static io.bankcore.app.fuzz.Validity.DUBIOUS;
import static io.bankcore.app.fuzz.Validity.INVALID;
import static io.bankcore.app.fuzz.Validity.VALID;

import io.bankcore.app.fuzz.FuzzRequest.Header;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Generates one request per case from its own random stream, so a case replays from the seed and
 * its number alone. Every request starts from a valid one for a route and is then bent: field values
 * of the wrong type or out of range, missing, extra and duplicate fields, unparseable or enormous
 * bodies, odd paths and query strings, wrong methods and headers, and raw bytes no client would send.
 */
final class RequestGenerator {

    /** An account created before fuzzing; the label (e.g. "near-max") tags requests that use it. */
    record Account(String number, String currency, String label) {}

    /** A JSON value as raw text, what a 2xx to it would mean, and a tag naming it. */
    record Val(String json, Validity validity, String tag) {}

    private enum Kind {
        ACCOUNT,
        NEW_ACCOUNT,
        AMOUNT,
        BALANCE,
        CURRENCY,
        PENDING,
        TIMEOUT,
        REASON,
        DIRECTION,
        DESCRIPTION,
        METADATA,
        /** Metadata of a PATCH, where a null value removes a key. */
        METADATA_PATCH
    }

    /**
     * What the two-phase and lifecycle routes aim at, set up before fuzzing.
     *
     * @param openReservation the latest reservation the fuzz made (maybe ended since), or null
     * @param held a reservation of {@code heldMinor} from {@code rich-BRL} that only refused requests touch
     * @param voided a reservation voided at set-up
     * @param reversed a transfer reversed in full at set-up
     * @param frozen an account frozen (all directions) for good
     * @param closed an account closed at set-up
     * @param lifecycle the accounts that random freezes, unfreezes and closes aim at
     */
    record Fixtures(
            Supplier<String> openReservation,
            String held,
            long heldMinor,
            String voided,
            String reversed,
            Account frozen,
            Account closed,
            List<Account> lifecycle) {}

    private final List<Account> accounts;
    private final Supplier<String> knownTransferId;
    private final Fixtures fixtures;
    private final long keySerial;

    /**
     * @param keySerial added to the case number in the keys numbered by case ({@code k0000042}): 0 for
     *     the first seed run on a database, past the numbers of the seeds before it for the next ones,
     *     so that no seed reuses another's key
     */
    RequestGenerator(List<Account> accounts, Supplier<String> knownTransferId, Fixtures fixtures, long keySerial) {
        this.accounts = List.copyOf(accounts);
        this.knownTransferId = knownTransferId;
        this.fixtures = fixtures;
        this.keySerial = keySerial;
    }

    FuzzRequest generate(int index, SplittableRandom r, boolean enormous) {
        var d = new Draft(index);
        if (enormous) {
            enormous(r, d);
            return d.build();
        }
        int pick = r.nextInt(125);
        if (pick >= 100) {
            if (twoPhaseAndLifecycle(r, d, pick - 100)) {
                idempotencyKey(r, d);
                return d.build();
            }
        } else if (pick < 12) {
            create(r, d);
        } else if (pick < 24) {
            money(r, d, "deposit");
        } else if (pick < 34) {
            money(r, d, "withdraw");
        } else if (pick < 47) {
            transfer(r, d);
        } else if (pick < 54) {
            balance(r, d);
        } else if (pick < 62) {
            transactions(r, d);
        } else if (pick < 67) {
            transferStatus(r, d);
        } else if (pick < 77) {
            oddPath(r, d);
        } else if (pick < 89) {
            wrongMethod(r, d);
        } else {
            raw(r, d);
            return d.build();
        }
        headers(r, d);
        // drawn last, so that the rest of every case is what it was before keys existed
        idempotencyKey(r, d);
        return d.build();
    }

    /** Maybe an {@code Idempotency-Key} on a write route; an invalid one makes the request invalid. */
    private void idempotencyKey(SplittableRandom r, Draft d) {
        if (!IdempotencyKeys.WRITE_ROUTES.contains(d.route) || !d.method.equals("POST")) {
            return;
        }
        var key = IdempotencyKeys.pick(r, d.index, keySerial);
        if (key == null) {
            return;
        }
        d.key = key;
        d.headers.add(new Header(IdempotencyKeys.HEADER, key.value()));
        d.mark(key.valid() ? VALID : INVALID, key.tag());
    }

    // ---- routes ----------------------------------------------------------------------------------

    /**
     * One of the two-phase transfer and account lifecycle routes ({@code pick} 0 to 24). True for a
     * case whose one answer is known: sent with a JSON Content-Type and nothing else bent.
     */
    private boolean twoPhaseAndLifecycle(SplittableRandom r, Draft d, int pick) {
        if (pick < 6) {
            reserve(r, d);
        } else if (pick < 9) {
            endPending(r, d, "post");
        } else if (pick < 11) {
            endPending(r, d, "void");
        } else if (pick < 13) {
            reverse(r, d);
        } else if (pick < 15) {
            reservations(r, d);
        } else if (pick < 19) {
            lifecycle(r, d);
        } else {
            known(r, d);
            return true;
        }
        return false;
    }

    /** A pending transfer: a transfer with {@code "pending": true} and maybe {@code timeout_seconds}. */
    private void reserve(SplittableRandom r, Draft d) {
        d.post("/transfers", "POST /transfers");
        d.tags.add("pending");
        var from = payer(r);
        var to = account(r);
        if (from.equals(to) && r.nextInt(3) > 0) {
            to = accounts.get((accounts.indexOf(from) + 1) % accounts.size());
        }
        d.tags.add("from=" + from.label());
        d.tags.add("to=" + to.label());
        var body = new JsonBody();
        body.set("from_account_number", new Val(jsonString(from.number()), VALID, "from"), Kind.ACCOUNT, true);
        body.set("to_account_number", new Val(jsonString(to.number()), VALID, "to"), Kind.ACCOUNT, true);
        body.set("amount_cents", validAmount(r), Kind.AMOUNT, true);
        if (r.nextInt(10) < 8) {
            body.set("currency", new Val(jsonString(from.currency()), VALID, "cur"), Kind.CURRENCY, false);
        }
        // not required: without it the request is a transfer, refused only when a timeout is given
        body.set("pending", new Val("true", VALID, "pending"), Kind.PENDING, false);
        if (r.nextInt(4) > 0) {
            body.set("timeout_seconds", validTimeout(r), Kind.TIMEOUT, false);
        }
        if (from.equals(to)) {
            // malformed only if the bent body still names one account twice (see JsonBody#validity)
            d.tags.add("same-account");
        }
        memo(r, body);
        jsonBody(r, d, body);
    }

    /** Post (all, or an amount) or void a pending transfer: the latest one, an ended one, or an odd id. */
    private void endPending(SplittableRandom r, Draft d, String end) {
        var open = fixtures.openReservation().get();
        var latest = open == null ? fixtures.voided() : open;
        var id = pickVal(
                r,
                new Val(latest, VALID, "id=latest-reservation"),
                new Val(latest, VALID, "id=latest-reservation"),
                new Val(latest, VALID, "id=latest-reservation"),
                new Val(fixtures.voided(), VALID, "id=voided"),
                new Val(knownTransferId.get(), VALID, "id=known"),
                new Val(UUID.randomUUID().toString(), VALID, "id=unknown"),
                new Val(latest.toUpperCase(java.util.Locale.ROOT), VALID, "id=upper"),
                new Val(" " + latest + " ", VALID, "id=padded"),
                new Val("not-a-uuid", VALID, "id=text"),
                new Val("x".repeat(5000), VALID, "id=5000-chars"),
                new Val("' OR 1=1 --", VALID, "id=sql"),
                new Val("%", VALID, "id=percent"),
                new Val("..", INVALID, "id=dotdot"),
                new Val("\u00e9\u4e2d\ud83d\udcb0", VALID, "id=unicode"));
        d.mark(id.validity(), id.tag());
        d.post("/transfers/" + pct(id.json()) + "/" + end, "POST /transfers/{id}/" + end);
        if (end.equals("post") && r.nextInt(10) < 5) {
            var body = new JsonBody();
            // optional: without it, all of the reserved amount
            body.set("amount_cents", validAmount(r), Kind.AMOUNT, false);
            d.optionalBody = true;
            memo(r, body);
            jsonBody(r, d, body);
        } else {
            optionalBody(r, d);
        }
    }

    /** A reversal of a transfer: the latest one made, one reversed in full, one never completed, or an odd id. */
    private void reverse(SplittableRandom r, Draft d) {
        var latest = knownTransferId.get();
        var id = pickVal(
                r,
                new Val(latest, VALID, "id=known"),
                new Val(latest, VALID, "id=known"),
                new Val(latest, VALID, "id=known"),
                new Val(fixtures.reversed(), VALID, "id=reversed"),
                new Val(fixtures.voided(), VALID, "id=voided"),
                new Val(UUID.randomUUID().toString(), VALID, "id=unknown"),
                new Val(" " + latest + " ", VALID, "id=padded"),
                new Val("not-a-uuid", VALID, "id=text"),
                new Val("' OR 1=1 --", VALID, "id=sql"),
                new Val("..", INVALID, "id=dotdot"));
        d.mark(id.validity(), id.tag());
        d.post("/transfers/" + pct(id.json()) + "/reverse", "POST /transfers/{id}/reverse");
        if (r.nextInt(10) < 6) {
            var body = new JsonBody();
            // optional: without it, all that is left to reverse
            body.set("amount_cents", validAmount(r), Kind.AMOUNT, false);
            d.optionalBody = true;
            memo(r, body);
            jsonBody(r, d, body);
        } else {
            optionalBody(r, d);
        }
    }

    /** A route whose body may be left out: none, an empty object, ignored fields, or something no object. */
    private static void optionalBody(SplittableRandom r, Draft d) {
        int k = r.nextInt(10);
        Val body;
        if (k < 4) {
            d.tags.add("no body");
            return;
        } else if (k < 6) {
            body = new Val("{}", VALID, "body={}");
        } else if (k < 7) {
            body = new Val("{\"note\":\"ignored\",\"n\":[1,{}]}", VALID, "body=ignored-fields");
        } else {
            body = pickVal(
                    r,
                    new Val("   \r\n", INVALID, "body=whitespace"),
                    new Val("{", INVALID, "body=truncated"),
                    new Val("[]", INVALID, "body=not-an-object"),
                    new Val("null", INVALID, "body=not-an-object"),
                    new Val("\"str\"", INVALID, "body=not-an-object"),
                    new Val("{\"a\":1,\"a\":2}", INVALID, "body=duplicate-field"),
                    new Val("{}garbage", INVALID, "body=trailing-garbage"),
                    new Val("[".repeat(10_000) + "]".repeat(10_000), INVALID, "body=10000-nested-arrays"));
        }
        d.json = true;
        d.body = body.json().getBytes(StandardCharsets.UTF_8);
        d.mark(body.validity(), body.tag());
    }

    private void reservations(SplittableRandom r, Draft d) {
        var number = pathNumber(r, account(r), d);
        var query = "";
        int k = r.nextInt(10);
        if (k < 4) {
            query = "?limit=" + (1 + r.nextInt(1000));
        } else if (k < 8) {
            var limit = pickVal(
                    r,
                    new Val("0", INVALID, "limit=0"),
                    new Val("-1", INVALID, "limit=-1"),
                    new Val("1001", INVALID, "limit=1001"),
                    new Val("abc", INVALID, "limit=abc"),
                    new Val("", INVALID, "limit=empty"),
                    new Val("1.5", INVALID, "limit=1.5"),
                    new Val("2147483648", INVALID, "limit=int-overflow"),
                    new Val(" 5 ", VALID, "limit=padded"),
                    new Val("\u0663", DUBIOUS, "limit=arabic-digit"),
                    new Val("1".repeat(3000), INVALID, "limit=3000-digits"));
            query = "?limit=" + pct(limit.json());
            d.mark(limit.validity(), limit.tag());
        } else if (k < 9) {
            query = "?limit=1&limit=2";
            d.mark(INVALID, "limit-twice");
        }
        d.get("/accounts/" + number + "/reservations" + query, "GET /accounts/{n}/reservations");
    }

    /** PATCH an account's description and metadata (a null metadata value removes that key). */
    private void accountPatch(SplittableRandom r, Draft d, String number) {
        d.method = "PATCH";
        d.target = "/accounts/" + number;
        d.route = "PATCH /accounts/{n}";
        var body = new JsonBody();
        if (r.nextBoolean()) {
            body.set("description", validDescription(r), Kind.DESCRIPTION, false);
        }
        body.set(
                "metadata",
                new Val(pick(r, "{\"k\":\"v\"}", "{\"k\":null}", "{}", "{\"order_id\":\"A-17\"}"), VALID, "ok"),
                Kind.METADATA_PATCH,
                false);
        jsonBody(r, d, body);
    }

    /** PUT an account's overdraft limit: a required amount >= 0, maybe with a memo. */
    private void overdraftLimit(SplittableRandom r, Draft d, String number) {
        d.method = "PUT";
        d.target = "/accounts/" + number + "/overdraft-limit";
        d.route = "PUT /accounts/{n}/overdraft-limit";
        var body = new JsonBody();
        body.set("overdraft_limit_cents", validBalance(r), Kind.BALANCE, true);
        memo(r, body);
        jsonBody(r, d, body);
    }

    /**
     * Freeze (a reason, maybe a direction), unfreeze or close one of the lifecycle accounts, change its
     * description and metadata or its overdraft limit, or the same on an odd number.
     */
    private void lifecycle(SplittableRandom r, Draft d) {
        var account = fixtures.lifecycle().get(r.nextInt(fixtures.lifecycle().size()));
        var number = pathNumber(r, account, d);
        var change = pick(r, "freeze", "freeze", "unfreeze", "close", "patch", "overdraft-limit");
        if (change.equals("patch")) {
            accountPatch(r, d, number);
            return;
        }
        if (change.equals("overdraft-limit")) {
            overdraftLimit(r, d, number);
            return;
        }
        d.post("/accounts/" + number + "/" + change, "POST /accounts/{n}/" + change);
        if (!change.equals("freeze")) {
            optionalBody(r, d);
            return;
        }
        var body = new JsonBody();
        body.set("reason", validReason(r), Kind.REASON, true);
        if (r.nextInt(10) < 7) {
            body.set("direction", validDirection(r), Kind.DIRECTION, false);
        }
        memo(r, body);
        jsonBody(r, d, body);
    }

    /**
     * A request with one known answer, from the fixtures (accounts and transfers whose state the fuzz
     * never changes): a refusal for its body, its id, its account's state, or its funds.
     */
    private void known(SplittableRandom r, Draft d) {
        var rich = labeled("rich-BRL");
        var usd = labeled("rich-USD");
        var frozen = fixtures.frozen();
        var closed = fixtures.closed();
        var held = fixtures.held();
        var unknown = UUID.randomUUID().toString();
        var fresh = freshNumber(r);
        String[][] cases = {
            {"post unknown", "POST", "/transfers/" + unknown + "/post", "", "404", "TRANSFER_NOT_FOUND"},
            {"void unknown", "POST", "/transfers/" + unknown + "/void", "", "404", "TRANSFER_NOT_FOUND"},
            {"post voided", "POST", "/transfers/" + fixtures.voided() + "/post", "{}", "409", "TRANSFER_NOT_PENDING"},
            {"void voided", "POST", "/transfers/" + fixtures.voided() + "/void", "", "409", "TRANSFER_NOT_PENDING"},
            {"reverse unknown", "POST", "/transfers/" + unknown + "/reverse", "", "404", "TRANSFER_NOT_FOUND"},
            {
                "reverse voided",
                "POST",
                "/transfers/" + fixtures.voided() + "/reverse",
                "",
                "409",
                "TRANSFER_NOT_COMPLETED"
            },
            {"reverse held", "POST", "/transfers/" + held + "/reverse", "{}", "409", "TRANSFER_NOT_COMPLETED"},
            {
                "reverse reversed",
                "POST",
                "/transfers/" + fixtures.reversed() + "/reverse",
                amount(1),
                "409",
                "REVERSAL_EXCEEDS_TRANSFER"
            },
            {"reverse 0", "POST", "/transfers/" + fixtures.reversed() + "/reverse", amount(0), "422", "INVALID_REQUEST"
            },
            {
                "reverse string",
                "POST",
                "/transfers/" + fixtures.reversed() + "/reverse",
                "{\"amount_cents\":\"1\"}",
                "422",
                "INVALID_REQUEST"
            },
            {
                "post over held",
                "POST",
                "/transfers/" + held + "/post",
                amount(fixtures.heldMinor() + 1),
                "422",
                "INVALID_AMOUNT"
            },
            {"post 0", "POST", "/transfers/" + held + "/post", amount(0), "422", "INVALID_REQUEST"},
            {"post -1", "POST", "/transfers/" + held + "/post", amount(-1), "422", "INVALID_REQUEST"},
            {
                "post string",
                "POST",
                "/transfers/" + held + "/post",
                "{\"amount_cents\":\"10\"}",
                "422",
                "INVALID_REQUEST"
            },
            {"post 1.5", "POST", "/transfers/" + held + "/post", "{\"amount_cents\":1.5}", "422", "INVALID_REQUEST"},
            {"post not json", "POST", "/transfers/" + held + "/post", "{amount_cents:1}", "422", "INVALID_REQUEST"},
            {
                "timeout 0",
                "POST",
                "/transfers",
                reserve(rich, labeled("small-BRL"), 1, ",\"timeout_seconds\":0"),
                "422",
                "INVALID_REQUEST"
            },
            {
                "timeout over max",
                "POST",
                "/transfers",
                reserve(rich, labeled("small-BRL"), 1, ",\"timeout_seconds\":2592001"),
                "422",
                "INVALID_REQUEST"
            },
            {
                "timeout without pending",
                "POST",
                "/transfers",
                transfer(rich, labeled("small-BRL"), 1, ",\"timeout_seconds\":60"),
                "422",
                "INVALID_REQUEST"
            },
            {
                "timeout with pending false",
                "POST",
                "/transfers",
                transfer(rich, labeled("small-BRL"), 1, ",\"pending\":false,\"timeout_seconds\":60"),
                "422",
                "INVALID_REQUEST"
            },
            {
                "pending as a string",
                "POST",
                "/transfers",
                transfer(rich, labeled("small-BRL"), 1, ",\"pending\":\"true\""),
                "422",
                "INVALID_REQUEST"
            },
            {"reserve from frozen", "POST", "/transfers", reserve(frozen, rich, 1, ""), "409", "ACCOUNT_FROZEN"},
            {"reserve to frozen", "POST", "/transfers", reserve(rich, frozen, 1, ""), "409", "ACCOUNT_FROZEN"},
            {"reserve from closed", "POST", "/transfers", reserve(closed, rich, 1, ""), "409", "ACCOUNT_CLOSED"},
            {"reserve to closed", "POST", "/transfers", reserve(rich, closed, 1, ""), "409", "ACCOUNT_CLOSED"},
            {
                "reserve beyond funds",
                "POST",
                "/transfers",
                reserve(rich, labeled("small-BRL"), 1_000_000_000_000L, ""),
                "400",
                "INSUFFICIENT_FUNDS"
            },
            {
                "reserve into a full account",
                "POST",
                "/transfers",
                reserve(rich, labeled("near-max-BRL"), 100, ""),
                "422",
                "BALANCE_OVERFLOW"
            },
            {"reserve other currency", "POST", "/transfers", reserve(rich, usd, 1, ""), "400", "CURRENCY_MISMATCH"},
            {"reserve same account", "POST", "/transfers", reserve(rich, rich, 1, ""), "400", "SAME_ACCOUNT"},
            {
                "reserve to unknown",
                "POST",
                "/transfers",
                reserve(rich, new Account(fresh, "BRL", "unknown"), 1, ""),
                "404",
                "ACCOUNT_NOT_FOUND"
            },
            {"deposit frozen", "POST", "/accounts/" + frozen.number() + "/deposit", amount(1), "409", "ACCOUNT_FROZEN"},
            {"withdraw frozen", "POST", "/accounts/" + frozen.number() + "/withdraw", amount(1), "409", "ACCOUNT_FROZEN"
            },
            {"deposit closed", "POST", "/accounts/" + closed.number() + "/deposit", amount(1), "409", "ACCOUNT_CLOSED"},
            {"transfer to closed", "POST", "/transfers", transfer(rich, closed, 1, ""), "409", "ACCOUNT_CLOSED"},
            {
                "open a closed number",
                "POST",
                "/accounts",
                "{\"account_number\":\"" + closed.number() + "\"}",
                "409",
                "ACCOUNT_ALREADY_EXISTS"
            },
            {"freeze closed", "POST", "/accounts/" + closed.number() + "/freeze", reason("x"), "409", "ACCOUNT_CLOSED"},
            {"unfreeze closed", "POST", "/accounts/" + closed.number() + "/unfreeze", "", "409", "ACCOUNT_CLOSED"},
            {"close closed", "POST", "/accounts/" + closed.number() + "/close", "", "409", "ACCOUNT_CLOSED"},
            {"close with money", "POST", "/accounts/" + rich.number() + "/close", "", "409", "ACCOUNT_NOT_EMPTY"},
            {"freeze no reason", "POST", "/accounts/" + rich.number() + "/freeze", "{}", "422", "INVALID_REQUEST"},
            {"freeze no body", "POST", "/accounts/" + rich.number() + "/freeze", "", "422", "INVALID_REQUEST"},
            {"freeze blank", "POST", "/accounts/" + rich.number() + "/freeze", reason(" \t "), "422", "INVALID_REQUEST"
            },
            {
                "freeze 501 chars",
                "POST",
                "/accounts/" + rich.number() + "/freeze",
                reason("r".repeat(501)),
                "422",
                "INVALID_REQUEST"
            },
            {
                "freeze sideways",
                "POST",
                "/accounts/" + rich.number() + "/freeze",
                "{\"reason\":\"x\",\"direction\":\"sideways\"}",
                "422",
                "INVALID_REQUEST"
            },
            {
                "freeze capitalized direction",
                "POST",
                "/accounts/" + rich.number() + "/freeze",
                "{\"reason\":\"x\",\"direction\":\"Debits\"}",
                "422",
                "INVALID_REQUEST"
            },
            {"freeze unknown", "POST", "/accounts/" + fresh + "/freeze", reason("x"), "404", "ACCOUNT_NOT_FOUND"},
            {"freeze bad number", "POST", "/accounts/12ab56/freeze", reason("x"), "400", "INVALID_ACCOUNT_NUMBER"},
            {"close unknown", "POST", "/accounts/" + fresh + "/close", "", "404", "ACCOUNT_NOT_FOUND"},
            {"reservations unknown", "GET", "/accounts/" + fresh + "/reservations", null, "404", "ACCOUNT_NOT_FOUND"},
            {"reservations bad number", "GET", "/accounts/12ab56/reservations", null, "400", "INVALID_ACCOUNT_NUMBER"},
            {
                "reservations limit 0",
                "GET",
                "/accounts/" + rich.number() + "/reservations?limit=0",
                null,
                "422",
                "INVALID_REQUEST"
            },
            {
                "reservations limit 1001",
                "GET",
                "/accounts/" + rich.number() + "/reservations?limit=1001",
                null,
                "422",
                "INVALID_REQUEST"
            },
            {"reservations", "GET", "/accounts/" + rich.number() + "/reservations?limit=1", null, "200", null},
            {"limit closed", "PUT", limitPath(closed.number()), limit("10"), "409", "ACCOUNT_CLOSED"},
            {"limit unknown", "PUT", limitPath(fresh), limit("10"), "404", "ACCOUNT_NOT_FOUND"},
            {"limit bad number", "PUT", limitPath("12ab56"), limit("10"), "400", "INVALID_ACCOUNT_NUMBER"},
            {"limit -1", "PUT", limitPath(rich.number()), limit("-1"), "422", "INVALID_REQUEST"},
            {"limit missing", "PUT", limitPath(rich.number()), "{}", "422", "INVALID_REQUEST"},
            {"limit null", "PUT", limitPath(rich.number()), limit("null"), "422", "INVALID_REQUEST"},
            {"limit string", "PUT", limitPath(rich.number()), limit("\"10\""), "422", "INVALID_REQUEST"},
            {"limit 1.5", "PUT", limitPath(rich.number()), limit("1.5"), "422", "INVALID_REQUEST"},
            {
                "limit beyond 64 bits",
                "PUT",
                limitPath(rich.number()),
                limit("9223372036854775808"),
                "422",
                "INVALID_REQUEST"
            },
            {
                "open with a negative limit",
                "POST",
                "/accounts",
                "{\"account_number\":\"" + fresh + "\",\"overdraft_limit_cents\":-1}",
                "422",
                "INVALID_REQUEST"
            },
        };
        var c = cases[r.nextInt(cases.length)];
        d.method = c[1];
        d.target = c[2];
        d.route = c[1].equals("GET")
                ? "GET /accounts/{n}/reservations"
                : c[1].equals("PUT") ? "PUT /accounts/{n}/overdraft-limit" : route(c[2]);
        d.tags.add("known: " + c[0]);
        d.expect = new FuzzRequest.Expect(Integer.parseInt(c[4]), c[5]);
        d.validity = c[4].startsWith("2") ? VALID : INVALID;
        if (c[3] != null && !c[3].isEmpty()) {
            d.body = c[3].getBytes(StandardCharsets.UTF_8);
        }
        if (c[1].equals("POST") || c[1].equals("PUT")) {
            d.headers.add(new Header("Content-Type", "application/json"));
        }
    }

    private static String limitPath(String number) {
        return "/accounts/" + number + "/overdraft-limit";
    }

    private static String limit(String json) {
        return "{\"overdraft_limit_cents\":" + json + "}";
    }

    /** The route label of a POST target, as the key checks know them. */
    private static String route(String target) {
        if (target.equals("/transfers") || target.equals("/accounts")) {
            return "POST " + target;
        }
        if (target.startsWith("/transfers/")) {
            return "POST /transfers/{id}/" + target.substring(target.lastIndexOf('/') + 1);
        }
        return "POST /accounts/{n}/" + target.substring(target.lastIndexOf('/') + 1);
    }

    private Account labeled(String label) {
        return accounts.stream()
                .filter(a -> a.label().equals(label))
                .findFirst()
                .orElseThrow();
    }

    private static String amount(long cents) {
        return "{\"amount_cents\":" + cents + "}";
    }

    private static String reason(String text) {
        return "{\"reason\":" + jsonString(text) + "}";
    }

    private static String transfer(Account from, Account to, long cents, String more) {
        return "{\"from_account_number\":\"" + from.number() + "\",\"to_account_number\":\"" + to.number()
                + "\",\"amount_cents\":" + cents + ",\"currency\":\"" + from.currency() + "\"" + more + "}";
    }

    private static String reserve(Account from, Account to, long cents, String more) {
        return transfer(from, to, cents, ",\"pending\":true" + more);
    }

    private void create(SplittableRandom r, Draft d) {
        d.post("/accounts", "POST /accounts");
        var body = new JsonBody();
        var number = r.nextInt(10) < 7 ? freshNumber(r) : account(r).number();
        body.set("account_number", new Val(jsonString(number), VALID, "number"), Kind.NEW_ACCOUNT, true);
        if (r.nextInt(10) < 7) {
            body.set("initial_balance_cents", validBalance(r), Kind.BALANCE, false);
        }
        if (r.nextInt(10) < 7) {
            body.set("currency", new Val(jsonString(pick(r, "BRL", "USD", "EUR")), VALID, "cur"), Kind.CURRENCY, false);
        }
        if (r.nextInt(10) < 3) {
            body.set("overdraft_limit_cents", validBalance(r), Kind.BALANCE, false);
        }
        memo(r, body);
        jsonBody(r, d, body);
    }

    private void money(SplittableRandom r, Draft d, String operation) {
        var account = operation.equals("withdraw") ? payer(r) : account(r);
        var number = pathNumber(r, account, d);
        d.post("/accounts/" + number + "/" + operation, "POST /accounts/{n}/" + operation);
        var body = new JsonBody();
        body.set("amount_cents", validAmount(r), Kind.AMOUNT, true);
        int currency = r.nextInt(10);
        if (currency < 7) {
            body.set("currency", new Val(jsonString(account.currency()), VALID, "cur"), Kind.CURRENCY, false);
        } else if (currency < 8) {
            body.set("currency", new Val(jsonString(pick(r, "BRL", "USD", "EUR")), VALID, "cur"), Kind.CURRENCY, false);
        }
        memo(r, body);
        jsonBody(r, d, body);
    }

    private void transfer(SplittableRandom r, Draft d) {
        d.post("/transfers", "POST /transfers");
        var from = payer(r);
        var to = account(r);
        if (from.equals(to) && r.nextInt(3) > 0) {
            to = accounts.get((accounts.indexOf(from) + 1) % accounts.size());
        }
        d.tags.add("from=" + from.label());
        d.tags.add("to=" + to.label());
        var body = new JsonBody();
        body.set("from_account_number", new Val(jsonString(from.number()), VALID, "from"), Kind.ACCOUNT, true);
        body.set("to_account_number", new Val(jsonString(to.number()), VALID, "to"), Kind.ACCOUNT, true);
        body.set("amount_cents", validAmount(r), Kind.AMOUNT, true);
        if (r.nextInt(10) < 8) {
            body.set("currency", new Val(jsonString(from.currency()), VALID, "cur"), Kind.CURRENCY, false);
        }
        if (from.equals(to)) {
            // malformed only if the bent body still names one account twice (see JsonBody#validity)
            d.tags.add("same-account");
        }
        memo(r, body);
        jsonBody(r, d, body);
    }

    private void balance(SplittableRandom r, Draft d) {
        var number = pathNumber(r, account(r), d);
        d.get("/accounts/" + number + "/balance", "GET /accounts/{n}/balance");
    }

    private void transactions(SplittableRandom r, Draft d) {
        var number = pathNumber(r, account(r), d);
        var query = new ArrayList<String>();
        int k = r.nextInt(10);
        if (k < 3) {
            // no query
        } else if (k < 5) {
            query.add("limit=" + (1 + r.nextInt(1000)));
            if (r.nextBoolean()) {
                query.add("cursor=" + r.nextInt(50));
            }
        } else {
            if (r.nextInt(10) < 7) {
                var limit = pickVal(
                        r,
                        new Val("0", INVALID, "limit=0"),
                        new Val("-1", INVALID, "limit=-1"),
                        new Val("1001", INVALID, "limit=1001"),
                        new Val("abc", INVALID, "limit=abc"),
                        new Val("", INVALID, "limit=empty"),
                        new Val("1.5", INVALID, "limit=1.5"),
                        new Val("2147483648", INVALID, "limit=int-overflow"),
                        new Val("99999999999999999999", INVALID, "limit=huge"),
                        new Val(" 5 ", VALID, "limit=padded"),
                        new Val("+5", VALID, "limit=+5"),
                        new Val("\u0663", DUBIOUS, "limit=arabic-digit"),
                        new Val("\uff19", DUBIOUS, "limit=fullwidth-digit"),
                        new Val("0x10", INVALID, "limit=hex"),
                        new Val("1e3", INVALID, "limit=1e3"),
                        new Val("\u0000", INVALID, "limit=nul"),
                        new Val("5,6", INVALID, "limit=list"),
                        new Val("1".repeat(3000), INVALID, "limit=3000-digits"));
                query.add("limit=" + pct(limit.json()));
                d.mark(limit.validity(), limit.tag());
            }
            if (r.nextInt(10) < 5) {
                var cursor = pickVal(
                        r,
                        new Val("-1", INVALID, "cursor=-1"),
                        new Val("abc", INVALID, "cursor=abc"),
                        new Val("", INVALID, "cursor=empty"),
                        new Val("9223372036854775808", INVALID, "cursor=long-overflow"),
                        new Val("9223372036854775807", VALID, "cursor=long-max"),
                        new Val("-9223372036854775808", INVALID, "cursor=long-min"),
                        new Val("0", VALID, "cursor=0"),
                        new Val("1.5", INVALID, "cursor=1.5"),
                        new Val("\u0663", DUBIOUS, "cursor=arabic-digit"),
                        new Val("' OR 1=1 --", INVALID, "cursor=sql"));
                query.add("cursor=" + pct(cursor.json()));
                d.mark(cursor.validity(), cursor.tag());
            }
            if (r.nextInt(10) < 2) {
                query.add("limit=1");
                query.add("limit=2");
                d.mark(INVALID, "limit-twice");
            }
            if (r.nextInt(10) < 1) {
                for (int i = 0; i < 1100; i++) {
                    query.add("a=1");
                }
                d.mark(DUBIOUS, "1100-params");
            }
        }
        var target = "/accounts/" + number + "/transactions" + (query.isEmpty() ? "" : "?" + String.join("&", query));
        d.get(target, "GET /accounts/{n}/transactions");
    }

    private void transferStatus(SplittableRandom r, Draft d) {
        var id = pickVal(
                r,
                new Val(knownTransferId.get(), VALID, "id=known"),
                new Val(knownTransferId.get(), VALID, "id=known"),
                new Val(UUID.randomUUID().toString(), VALID, "id=unknown"),
                new Val(knownTransferId.get().toUpperCase(java.util.Locale.ROOT), VALID, "id=upper"),
                new Val(" " + knownTransferId.get() + " ", VALID, "id=padded"),
                new Val("not-a-uuid", VALID, "id=text"),
                new Val("x".repeat(5000), VALID, "id=5000-chars"),
                new Val("\u0000", INVALID, "id=nul"),
                new Val("\u00e9\u4e2d\ud83d\udcb0", VALID, "id=unicode"),
                new Val("' OR 1=1 --", VALID, "id=sql"),
                new Val("%", VALID, "id=percent"),
                new Val("..", INVALID, "id=dotdot"),
                new Val("a/b", INVALID, "id=slash"),
                new Val("a\\b", VALID, "id=backslash"),
                new Val("\ud800", INVALID, "id=lone-surrogate"));
        d.mark(id.validity(), id.tag());
        var segment = id.tag().equals("id=lone-surrogate") ? "%ED%A0%80" : pct(id.json());
        d.get("/transfers/" + segment, "GET /transfers/{id}");
    }

    private void oddPath(SplittableRandom r, Draft d) {
        var n = account(r).number();
        var path = pickVal(
                r,
                new Val("/accounts/", INVALID, "path=/accounts/"),
                // the create route itself: a valid body may rightly succeed here
                new Val("/accounts", DUBIOUS, "path=/accounts"),
                new Val("/accounts//deposit", INVALID, "path=//deposit"),
                new Val("/accounts//withdraw", INVALID, "path=//withdraw"),
                new Val("/accounts//balance", INVALID, "path=//balance"),
                new Val("/accounts//transactions", INVALID, "path=//transactions"),
                new Val("/accounts/%00/balance", INVALID, "path=%00"),
                new Val("/accounts/" + n + "%00/balance", INVALID, "path=n%00"),
                new Val("/accounts/" + n + "/balance%00", INVALID, "path=balance%00"),
                new Val("/accounts/%2e%2e/balance", INVALID, "path=%2e%2e"),
                new Val("/accounts/../accounts/" + n + "/balance", VALID, "path=dotdot-normalized"),
                new Val("/accounts/" + n + "/./balance", VALID, "path=dot-normalized"),
                new Val("/accounts/" + n + "/balance/", INVALID, "path=trailing-slash"),
                new Val("/accounts/" + n + "/transactions/", INVALID, "path=trailing-slash"),
                new Val("/accounts/" + n + "/balance//", INVALID, "path=double-trailing-slash"),
                new Val("/accounts/" + n + ";jsessionid=abc/balance", VALID, "path=matrix-param"),
                new Val("/accounts/" + n + ";a=%ZZ/balance", INVALID, "path=matrix-param-bad-encoding"),
                new Val("/accounts/" + n + "%2Fbalance", INVALID, "path=encoded-slash"),
                new Val("/accounts/%5C" + n + "/balance", INVALID, "path=encoded-backslash"),
                new Val("/accounts/%C0%AF/balance", INVALID, "path=overlong-utf8"),
                new Val("/accounts/%FF%FE/balance", INVALID, "path=invalid-utf8"),
                new Val("/accounts/%ED%A0%80/balance", INVALID, "path=encoded-surrogate"),
                new Val("/accounts/%F0%9F%92%B0/balance", INVALID, "path=emoji"),
                new Val("/accounts/%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5%D9%A6/balance", INVALID, "path=arabic-digits"),
                new Val("/accounts/%ZZ/balance", INVALID, "path=%ZZ"),
                new Val("/accounts/%/balance", INVALID, "path=lone-percent"),
                new Val("/accounts/" + "1".repeat(3000) + "/balance", INVALID, "path=3000-digits"),
                new Val("/accounts/" + "1".repeat(9000) + "/balance", INVALID, "path=9000-digits"),
                new Val("/accounts/" + "a/".repeat(2000) + "balance", INVALID, "path=2000-segments"),
                new Val("/accounts/" + n + "/BALANCE", INVALID, "path=upper-case"),
                new Val("/Accounts/" + n + "/balance", INVALID, "path=upper-case"),
                new Val("/accounts/" + n + "/balance.json", INVALID, "path=suffix"),
                new Val("/accounts/" + n + "/balance%20", INVALID, "path=trailing-space"),
                new Val("/accounts/" + n + "/deposit/", INVALID, "path=trailing-slash"),
                new Val("/transfers/", INVALID, "path=/transfers/"),
                new Val("/transfers//", INVALID, "path=/transfers//"),
                new Val("/transfers/%00", INVALID, "path=/transfers/%00"),
                new Val("/transfers/..", INVALID, "path=/transfers/.."),
                new Val("/transfers/" + "%E2%82%AC".repeat(900), VALID, "path=/transfers/long-unicode"),
                new Val("/error", INVALID, "path=/error"),
                new Val("/error/", INVALID, "path=/error/"),
                new Val("/error?status=500", INVALID, "path=/error?status"),
                new Val("/", INVALID, "path=/"),
                new Val("//", INVALID, "path=//"),
                new Val("/docs", VALID, "path=/docs"),
                new Val("/openapi.json", VALID, "path=/openapi.json"),
                new Val("/openapi.json/x", INVALID, "path=/openapi.json/x"),
                new Val("/swagger-ui/index.html", VALID, "path=swagger-ui"),
                new Val("/swagger-ui/%2e%2e/%2e%2e/etc/passwd", INVALID, "path=traversal"),
                new Val("/actuator", VALID, "path=/actuator"),
                new Val("/actuator/health", VALID, "path=/actuator/health"),
                new Val("/actuator/env", INVALID, "path=/actuator/env"),
                new Val("/accounts/" + n + "/balance?x=%ZZ", VALID, "path=bad-query-encoding"),
                new Val("/accounts/" + n + "/balance?%00", VALID, "path=nul-query"),
                new Val("/accounts/" + n + "/balance?" + "q=1&".repeat(1200), DUBIOUS, "path=1200-params"),
                new Val("/accounts/" + n + "/balance?" + "x".repeat(6000), VALID, "path=6000-char-query"));
        int method = r.nextInt(20);
        if (method < 12) {
            d.get(path.json(), "odd path");
        } else if (method < 18) {
            d.post(path.json(), "odd path");
            var body = new JsonBody();
            body.set("amount_cents", validAmount(r), Kind.AMOUNT, true);
            body.set("account_number", new Val(jsonString(freshNumber(r)), VALID, "number"), Kind.ACCOUNT, false);
            if (path.tag().equals("path=/accounts")) {
                // the create route, to which an amount is an unknown field, ignored whatever its value
                body.ignore("amount_cents");
            }
            jsonBody(r, d, body);
            d.json = true;
        } else {
            d.method = pick(r, "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
            d.target = path.json();
            d.route = "odd path";
            d.tags.add("method=" + d.method);
        }
        d.mark(path.validity(), path.tag());
        if (d.method.equals("POST")
                && !path.tag().contains("normalized")
                && !path.tag().contains("matrix-param")
                // POST /accounts with an account number in the body is the create route itself
                && !path.tag().equals("path=/accounts")) {
            // odd paths that still reach a POST route are not meant to succeed either
            d.mark(INVALID, "post-odd-path");
        }
        if (d.method.equals("OPTIONS")) {
            d.validity = VALID;
        }
    }

    private void wrongMethod(SplittableRandom r, Draft d) {
        var account = account(r);
        String[][] routes = {
            {"/accounts", "POST", "POST /accounts"},
            {"/accounts/" + account.number() + "/deposit", "POST", "POST /accounts/{n}/deposit"},
            {"/accounts/" + account.number() + "/withdraw", "POST", "POST /accounts/{n}/withdraw"},
            {"/transfers", "POST", "POST /transfers"},
            {"/accounts/" + account.number() + "/balance", "GET", "GET /accounts/{n}/balance"},
            {"/accounts/" + account.number() + "/transactions", "GET", "GET /accounts/{n}/transactions"},
            {"/transfers/" + knownTransferId.get(), "GET", "GET /transfers/{id}"},
            {"/accounts/" + account.number(), "-", "/accounts/{n}"},
        };
        var route = routes[r.nextInt(routes.length)];
        var method = pick(
                r,
                "PUT",
                "DELETE",
                "PATCH",
                "TRACE",
                "FOO",
                "get",
                "PROPFIND",
                "OPTIONS",
                "HEAD",
                "CONNECT",
                "POST",
                "GET");
        if (method.equals(route[1])) {
            method = route[1].equals("POST") ? "GET" : "POST";
        }
        if (method.equals("PATCH") && route[2].equals("/accounts/{n}")) {
            method = "PUT"; // PATCH /accounts/{n} is a route of its own (see accountPatch)
        }
        d.method = method;
        d.target = route[0];
        d.route = "wrong method on " + route[2];
        d.tags.add("method=" + method);
        // GET /accounts and GET /transfers list them and GET /accounts/{n} answers one: (and HEAD) routes.
        boolean lookup =
                (route[0].equals("/accounts") || route[0].equals("/transfers") || route[2].equals("/accounts/{n}"))
                        && (method.equals("GET") || method.equals("HEAD"));
        boolean harmless = method.equals("OPTIONS") || (method.equals("HEAD") && route[1].equals("GET")) || lookup;
        d.mark(harmless ? VALID : INVALID, harmless ? "harmless-method" : "wrong-method");
        int body = r.nextInt(8);
        if (body < 3) {
            var json = new JsonBody();
            json.set("amount_cents", validAmount(r), Kind.AMOUNT, true);
            json.set("account_number", new Val(jsonString(freshNumber(r)), VALID, "n"), Kind.ACCOUNT, false);
            d.body = json.render().getBytes(StandardCharsets.UTF_8);
            d.json = true;
        } else if (body < 6) {
            var form = pick(
                    r,
                    "amount_cents=100&currency=BRL",
                    "a=%ZZ",
                    "a=%",
                    "%%%",
                    "a=%C0%AF",
                    "=",
                    "&&&",
                    "amount_cents=" + "9".repeat(5000),
                    "a=1&".repeat(1500));
            d.body = form.getBytes(StandardCharsets.UTF_8);
            d.headers.add(new Header(
                    "Content-Type",
                    pick(
                            r,
                            "application/x-www-form-urlencoded",
                            "application/x-www-form-urlencoded; charset=utf-8",
                            "application/x-www-form-urlencoded; charset=bogus",
                            "application/x-www-form-urlencoded; charset=utf-16")));
            d.ctSet = true;
            d.tags.add("form-body=" + (form.length() > 40 ? form.substring(0, 20) + "..." : form));
        }
    }

    /** Requests only a socket can send: broken request lines, framing and headers. */
    private void raw(SplittableRandom r, Draft d) {
        var n = account(r).number();
        var host = "Host: 127.0.0.1\r\n";
        var close = "Connection: close\r\n";
        var json = "{\"amount_cents\":1,\"currency\":\"" + accountFor(n).currency() + "\"}";
        var cl = "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\n";
        String[][] cases = {
            {"raw:bad-percent", "GET /accounts/%ZZ/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:lone-percent", "GET /accounts/%/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:short-percent", "GET /accounts/%1/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {
                "raw:bad-percent-query",
                "GET /accounts/" + n + "/transactions?limit=%ZZ HTTP/1.1\r\n" + host + close + "\r\n",
                "D"
            },
            {
                "raw:bad-percent-query-name",
                "GET /accounts/" + n + "/transactions?%ZZ=1 HTTP/1.1\r\n" + host + close + "\r\n",
                "V"
            },
            {"raw:latin1-bytes", "GET /accounts/\u00ff\u00fe/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {
                "raw:utf8-digits",
                "GET /accounts/\u0661\u0662\u0663\u0664\u0665\u0666/balance HTTP/1.1\r\n" + host + close + "\r\n",
                "I"
            },
            {"raw:space-in-path", "GET /accounts/12 3456/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:braces", "GET /accounts/{x}/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:pipe", "GET /accounts/|/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:fragment", "GET /accounts/" + n + "/balance#frag HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:http-1.2", "GET /accounts/" + n + "/balance HTTP/1.2\r\n" + host + close + "\r\n", "I"},
            {"raw:http-2.0", "GET /accounts/" + n + "/balance HTTP/2.0\r\n" + host + close + "\r\n", "I"},
            {"raw:http-9.9", "GET /accounts/" + n + "/balance HTTP/9.9\r\n" + host + close + "\r\n", "I"},
            {"raw:bad-version", "GET /accounts/" + n + "/balance HTTX/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:no-host", "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + close + "\r\n", "I"},
            {
                "raw:two-hosts",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + "Host: other\r\n" + close + "\r\n",
                "I"
            },
            {"raw:bad-host", "GET /accounts/" + n + "/balance HTTP/1.1\r\nHost: exa mple\r\n" + close + "\r\n", "I"},
            {"raw:http-1.0", "GET /accounts/" + n + "/balance HTTP/1.0\r\n\r\n", "V"},
            {"raw:http-0.9", "GET /accounts/" + n + "/balance\r\n\r\n", "D"},
            {
                "raw:te-gzip",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n" + json,
                "I"
            },
            {
                "raw:te-unknown",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nTransfer-Encoding: foo, chunked\r\n\r\n"
                        + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n",
                "I"
            },
            {
                "raw:bad-chunk",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + json
                        + "\r\n0\r\n\r\n",
                "I"
            },
            {
                "raw:chunk-too-short",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n" + json
                        + "\r\n0\r\n\r\n",
                "I"
            },
            {
                "raw:cl-letters",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n" + json,
                "I"
            },
            {
                "raw:cl-negative",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n" + json,
                "I"
            },
            {
                "raw:cl-twice",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nContent-Length: " + json.length() + "\r\nContent-Length: "
                        + (json.length() - 1) + "\r\n\r\n" + json,
                "I"
            },
            {
                "raw:cl-and-te",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n",
                "D"
            },
            {
                "raw:cl-huge",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n" + json,
                "I"
            },
            {
                "raw:header-no-colon",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "Foo bar\r\n\r\n",
                "I"
            },
            {
                "raw:header-name-space",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "Foo Bar: x\r\n\r\n",
                "I"
            },
            {
                "raw:obs-fold",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + "X-A: a\r\n  folded\r\n" + close + "\r\n",
                "D"
            },
            {
                "raw:header-10k",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "X-Big: " + "x".repeat(10_000)
                        + "\r\n\r\n",
                "I"
            },
            {
                "raw:300-headers",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "X-H: 1\r\n".repeat(300) + "\r\n",
                "I"
            },
            {
                "raw:nul-in-header",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "X-A: a\u0000b\r\n\r\n",
                "I"
            },
            {
                "raw:expect-100",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close + cl + "Expect: 100-continue\r\n\r\n"
                        + json,
                "V"
            },
            {
                "raw:expect-foo",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close + cl + "Expect: foo\r\n\r\n" + json,
                "I"
            },
            {"raw:lower-method", "get /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:bad-method-token", "G@T /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {
                "raw:absolute-form",
                "GET http://127.0.0.1/accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n",
                "V"
            },
            {
                "raw:absolute-form-other-host",
                "GET http://evil.example/accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n",
                "D"
            },
            {"raw:no-leading-slash", "GET accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:options-star", "OPTIONS * HTTP/1.1\r\n" + host + close + "\r\n", "V"},
            {
                "raw:bare-lf",
                "GET /accounts/" + n + "/balance HTTP/1.1\n" + host.replace("\r", "") + close.replace("\r", "") + "\n",
                "D"
            },
            {"raw:double-space", "GET  /accounts/" + n + "/balance  HTTP/1.1\r\n" + host + close + "\r\n", "D"},
            {"raw:connect", "CONNECT 127.0.0.1:443 HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:leading-crlf", "\r\n\r\nGET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close + "\r\n", "V"},
            {"raw:empty-host", "GET /accounts/" + n + "/balance HTTP/1.1\r\nHost: \r\n" + close + "\r\n", "D"},
            {
                "raw:request-line-20k",
                "GET /accounts/" + "9".repeat(20_000) + "/balance HTTP/1.1\r\n" + host + close + "\r\n",
                "I"
            },
            {
                "raw:multipart-no-boundary-get",
                "GET /accounts/" + n + "/balance HTTP/1.1\r\n" + host + close
                        + "Content-Type: multipart/form-data\r\n\r\n",
                "V"
            },
            {
                "raw:multipart-garbage",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: multipart/form-data; boundary=XYZ\r\nContent-Length: 9\r\n\r\n--XYZ\r\nab",
                "I"
            },
            {
                "raw:form-bad-percent-put",
                "PUT /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\na=%ZZ!",
                "I"
            },
            {
                "raw:form-bad-percent-post",
                "POST /accounts/" + n + "/deposit HTTP/1.1\r\n" + host + close
                        + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 6\r\n\r\na=%ZZ!",
                "I"
            },
            {"raw:delete-account", "DELETE /accounts/" + n + " HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:nul-query-name", "GET /accounts/" + n + "/balance?%00=1 HTTP/1.1\r\n" + host + close + "\r\n", "V"},
            {"raw:ctl-in-path", "GET /accounts/\u0001/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:tab-in-path", "GET /accounts/\t/balance HTTP/1.1\r\n" + host + close + "\r\n", "I"},
            {"raw:garbage", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003", "I"},
        };
        var c = cases[r.nextInt(cases.length)];
        d.route = "raw socket";
        d.method = c[1].strip().split(" ", 2)[0];
        d.target = c[1].contains(" ") ? c[1].strip().split(" ", 3)[1] : "";
        d.tags.add(c[0]);
        d.validity = switch (c[2]) {
            case "V" -> VALID;
            case "D" -> DUBIOUS;
            default -> INVALID;
        };
        // request lines are written as UTF-8, except where the case is about single raw bytes
        d.raw = c[0].equals("raw:latin1-bytes") || c[0].equals("raw:garbage")
                ? c[1].getBytes(StandardCharsets.ISO_8859_1)
                : c[1].getBytes(StandardCharsets.UTF_8);
    }

    /** One of at most two 20 MB bodies per run. */
    private void enormous(SplittableRandom r, Draft d) {
        var account = account(r);
        var target = pick(
                r,
                "/accounts",
                "/accounts/" + account.number() + "/deposit",
                "/transfers",
                "/accounts/" + account.number() + "/balance");
        d.method = target.endsWith("balance") ? "GET" : "POST";
        d.target = target;
        d.route = "20 MB body";
        var prefix = "{\"amount_cents\":1,\"pad\":\"";
        var body = new byte[20 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'x');
        System.arraycopy(prefix.getBytes(StandardCharsets.US_ASCII), 0, body, 0, prefix.length());
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        d.body = body;
        var ct = pick(r, "application/json", "application/x-www-form-urlencoded", "text/plain");
        d.headers.add(new Header("Content-Type", ct));
        d.tags.add("20MB");
        d.tags.add("ct=" + ct);
        d.mark(ct.equals("application/json") || d.method.equals("GET") ? VALID : INVALID, "20MB");
    }

    // ---- bodies ----------------------------------------------------------------------------------

    /** Bends the fields of a valid body, then maybe the body as a whole, and sets it on the draft. */
    private void jsonBody(SplittableRandom r, Draft d, JsonBody body) {
        d.json = true;
        // what the request is worth apart from its body, for a body replaced as a whole
        var beforeBody = d.validity;
        int mutations = r.nextInt(10) < 3 ? 0 : 1 + r.nextInt(2);
        for (int i = 0; i < mutations; i++) {
            var names = new ArrayList<>(body.kinds.keySet());
            var name = names.get(r.nextInt(names.size()));
            var kind = body.kinds.get(name);
            switch (r.nextInt(9)) {
                case 0, 1, 2, 3 -> {
                    var v = oddValue(r, kind);
                    body.set(name, v, kind, body.required.get(name));
                    d.tags.add(name + "=" + v.tag());
                }
                case 4 -> {
                    body.drop(name);
                    d.tags.add("missing " + name);
                }
                case 5 -> {
                    var extra =
                            pick(r, "extra", "AMOUNT_CENTS", "amountCents", "__proto__", "", "\u00e9", "x".repeat(300));
                    body.extra(extra, randomJson(r, 3));
                    d.tags.add("extra field");
                }
                case 6 -> {
                    var v = r.nextBoolean() ? oddValue(r, kind) : validValue(r, kind);
                    body.duplicate(name, v);
                    d.tags.add("duplicate " + name + "=" + v.tag());
                }
                case 7 -> {
                    var renamed = pick(
                            r, name.toUpperCase(java.util.Locale.ROOT), name.replace("_", ""), name + " ", " " + name);
                    if (renamed.equals(name)) {
                        // a name without an underscore: the body stays as it is
                        d.tags.add("renamed " + name + " to itself");
                    } else {
                        var v = body.valueOf(name);
                        body.drop(name);
                        body.extra(renamed, v);
                        d.tags.add("renamed " + name);
                    }
                }
                default -> {
                    body.extra("nested", "[".repeat(200) + "]".repeat(200));
                    d.tags.add("nested extra field");
                }
            }
        }
        d.mark(body.validity(), null);
        d.body = body.render().getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(100) < 22) {
            wholeBody(r, d, body, beforeBody);
        }
    }

    /**
     * Replaces the body as a whole. Where the body may be left out, none at all and an empty object
     * are as valid as the rest of the request ({@code beforeBody}): the bent fields are gone with it.
     */
    private void wholeBody(SplittableRandom r, Draft d, JsonBody fields, Validity beforeBody) {
        var valid = d.body;
        var text = new String(valid, StandardCharsets.UTF_8);
        int k = r.nextInt(32);
        switch (k) {
            case 0 -> set(d, new byte[0], d.optionalBody ? beforeBody : INVALID, "body=empty");
            case 1 -> set(d, "   \r\n\t ".getBytes(StandardCharsets.US_ASCII), INVALID, "body=whitespace");
            case 2 ->
                set(
                        d,
                        pick(r, "null", "true", "42", "\"str\"", "[]", "[{}]", "-0", "1e400")
                                .getBytes(StandardCharsets.US_ASCII),
                        INVALID,
                        "body=not-an-object");
            case 3 ->
                set(d, "{}".getBytes(StandardCharsets.US_ASCII), d.optionalBody ? beforeBody : INVALID, "body={}");
            case 4 ->
                set(d, java.util.Arrays.copyOf(valid, Math.max(1, r.nextInt(valid.length))), INVALID, "body=truncated");
            case 5 ->
                set(
                        d,
                        (text + pick(r, "garbage", "}", ",{}", text, "\u0000", "]", "//c"))
                                .getBytes(StandardCharsets.UTF_8),
                        INVALID,
                        "body=trailing-garbage");
            case 6 ->
                set(d, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, valid), d.validity, "body=utf8-bom");
            case 7 -> set(d, text.getBytes(StandardCharsets.UTF_16), DUBIOUS.and(d.validity), "body=utf16-with-bom");
            case 8 -> set(d, text.getBytes(StandardCharsets.UTF_16LE), DUBIOUS.and(d.validity), "body=utf16le");
            case 9 ->
                set(
                        d,
                        replaceFirstQuote(valid, new byte[] {(byte) 0xC3, (byte) 0x28}),
                        INVALID,
                        "body=invalid-utf8-in-string");
            case 10 ->
                set(d, replaceFirstQuote(valid, new byte[] {(byte) 0xC0, (byte) 0xB1}), INVALID, "body=overlong-utf8");
            case 11 ->
                set(
                        d,
                        concat(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD}, valid),
                        INVALID,
                        "body=invalid-utf8-prefix");
            case 12 ->
                set(
                        d,
                        ("{\"amount_cents\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
                                .getBytes(StandardCharsets.US_ASCII),
                        INVALID,
                        "body=10000-nested-arrays");
            case 13 ->
                set(
                        d,
                        ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII),
                        INVALID,
                        "body=100000-nested-arrays");
            case 14 ->
                set(
                        d,
                        ("{\"a\":".repeat(5000) + "1" + "}".repeat(5000)).getBytes(StandardCharsets.US_ASCII),
                        INVALID,
                        "body=5000-nested-objects");
            case 15 ->
                set(
                        d,
                        text.replaceFirst(",", ",/* comment */").getBytes(StandardCharsets.UTF_8),
                        fields.size() > 1 ? INVALID : d.validity,
                        "body=comment");
            // A body without a quote (an empty object) is the same body after either: as valid as it was.
            case 16 ->
                set(
                        d,
                        text.replace('"', '\'').getBytes(StandardCharsets.UTF_8),
                        text.indexOf('"') < 0 ? d.validity : INVALID,
                        "body=single-quotes");
            case 17 ->
                set(
                        d,
                        text.replace("\"", "").getBytes(StandardCharsets.UTF_8),
                        text.indexOf('"') < 0 ? d.validity : INVALID,
                        "body=unquoted");
            case 18 ->
                set(d, text.replaceFirst("}$", ",}").getBytes(StandardCharsets.UTF_8), INVALID, "body=trailing-comma");
            case 19 ->
                set(
                        d,
                        ("{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"," + text.substring(1))
                                .getBytes(StandardCharsets.UTF_8),
                        d.validity,
                        "body=2MB-string-field");
            case 20 -> {
                var many = new StringBuilder(text.substring(0, text.length() - 1));
                for (int i = 0; i < 4000; i++) {
                    many.append(",\"f").append(i).append("\":").append(i);
                }
                set(d, many.append('}').toString().getBytes(StandardCharsets.UTF_8), d.validity, "body=4000-fields");
            }
            case 21 ->
                set(
                        d,
                        text.replace(":", " : ").replace(",", " ,\n\t").getBytes(StandardCharsets.UTF_8),
                        d.validity,
                        "body=whitespace-inside");
            case 22 ->
                set(d, ("  \n" + text + "\n\n").getBytes(StandardCharsets.UTF_8), d.validity, "body=whitespace-around");
            case 23 ->
                set(
                        d,
                        // replace, not replaceFirst: a replacement string reads "\\u" as an escaped "u".
                        text.replace("\"amount_cents\"", "\"amount\\u005fcents\"")
                                .getBytes(StandardCharsets.UTF_8),
                        d.validity,
                        "body=escaped-key");
            case 24 -> set(d, ("\u0000" + text).getBytes(StandardCharsets.UTF_8), INVALID, "body=nul-prefix");
            case 25 ->
                // A body without a member ("{}") has nowhere to put the NUL: it stays what it was.
                set(
                        d,
                        text.replaceFirst(":", ":\u0000").getBytes(StandardCharsets.UTF_8),
                        text.contains(":") ? INVALID : d.validity,
                        "body=nul-inside");
            case 26 ->
                set(
                        d,
                        ("{\"x\":\"" + "\\ud800".repeat(3) + "\"," + text.substring(1))
                                .getBytes(StandardCharsets.UTF_8),
                        d.validity,
                        "body=lone-surrogate-escapes");
            case 27 ->
                set(
                        d,
                        ("{\"x\":" + "9".repeat(2000) + "," + text.substring(1)).getBytes(StandardCharsets.UTF_8),
                        d.validity.and(DUBIOUS),
                        "body=2000-digit-number-field");
            case 28 ->
                set(
                        d,
                        ("{\"x\":\"" + "\\\\".repeat(20_000) + "\"," + text.substring(1))
                                .getBytes(StandardCharsets.UTF_8),
                        d.validity,
                        "body=many-escapes");
            case 29 -> {
                var form = fields.asForm();
                set(d, form.getBytes(StandardCharsets.UTF_8), INVALID, "body=form-encoded");
                d.headers.add(new Header("Content-Type", "application/x-www-form-urlencoded"));
                d.ctSet = true;
            }
            case 30 -> {
                var multipart =
                        "--XyZ\r\nContent-Disposition: form-data; name=\"amount_cents\"\r\n\r\n100\r\n--XyZ--\r\n";
                set(d, multipart.getBytes(StandardCharsets.US_ASCII), INVALID, "body=multipart");
                d.headers.add(new Header(
                        "Content-Type",
                        pick(
                                r,
                                "multipart/form-data; boundary=XyZ",
                                "multipart/form-data",
                                "multipart/mixed; boundary=XyZ")));
                d.ctSet = true;
            }
            default ->
                set(
                        d,
                        ("<?xml version=\"1.0\"?><a><amount_cents>1</amount_cents></a>")
                                .getBytes(StandardCharsets.US_ASCII),
                        INVALID,
                        "body=xml");
        }
    }

    private static void set(Draft d, byte[] body, Validity validity, String tag) {
        d.body = body;
        d.validity = validity;
        d.tags.add(tag);
    }

    private static byte[] replaceFirstQuote(byte[] body, byte[] insert) {
        // puts the bytes just inside the second string literal (a value, or a key)
        int quotes = 0;
        for (int i = 0; i < body.length; i++) {
            if (body[i] == '"' && ++quotes == 3) {
                var out = new ByteArrayOutputStream();
                out.write(body, 0, i + 1);
                out.writeBytes(insert);
                out.write(body, i + 1, body.length - i - 1);
                return out.toByteArray();
            }
        }
        return concat(body, insert);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        var out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- headers ---------------------------------------------------------------------------------

    private void headers(SplittableRandom r, Draft d) {
        if (!d.ctSet) {
            if (d.json && d.method.equals("POST")) {
                if (r.nextInt(100) < 65) {
                    d.headers.add(new Header("Content-Type", "application/json"));
                } else {
                    var ct = pickVal(
                            r,
                            new Val(null, VALID, "ct=missing"),
                            new Val("application/json; charset=utf-8", VALID, "ct=json-utf8"),
                            new Val("APPLICATION/JSON", VALID, "ct=upper-case"),
                            new Val("application/json; charset=latin1", VALID, "ct=json-latin1"),
                            // the body is UTF-8, read as such whatever charset is named (RFC 8259 8.1, 11)
                            new Val("application/json; charset=utf-16", VALID, "ct=json-utf16"),
                            new Val("application/json; charset=bogus", INVALID, "ct=json-bogus-charset"),
                            new Val("application/json; charset=\"", INVALID, "ct=json-broken-param"),
                            new Val("application/json;;", DUBIOUS, "ct=json-empty-params"),
                            new Val("application/merge-patch+json", VALID, "ct=merge-patch+json"),
                            new Val("application/problem+json", VALID, "ct=problem+json"),
                            new Val("", INVALID, "ct=empty"),
                            new Val("text/plain", INVALID, "ct=text/plain"),
                            new Val("text/json", INVALID, "ct=text/json"),
                            new Val("application/xml", INVALID, "ct=application/xml"),
                            new Val("text/html", INVALID, "ct=text/html"),
                            new Val("multipart/form-data", INVALID, "ct=multipart-no-boundary"),
                            new Val("multipart/form-data; boundary=----x", INVALID, "ct=multipart"),
                            new Val("application/x-www-form-urlencoded", INVALID, "ct=form"),
                            new Val(
                                    "application/x-www-form-urlencoded; charset=bogus",
                                    INVALID,
                                    "ct=form-bogus-charset"),
                            new Val("application/octet-stream", INVALID, "ct=octet-stream"),
                            new Val("*/*", INVALID, "ct=*/*"),
                            new Val("application/*", INVALID, "ct=application/*"),
                            new Val("application/json, text/plain", INVALID, "ct=list"),
                            new Val("json", INVALID, "ct=json"),
                            new Val("application/", INVALID, "ct=application/"),
                            new Val("a/b/c", INVALID, "ct=a/b/c"),
                            new Val("application/json\u00e9", INVALID, "ct=non-ascii"));
                    if (ct.json() != null) {
                        d.headers.add(new Header("Content-Type", ct.json()));
                    }
                    // a route whose body may be left out reads no body as "none given", whatever its type
                    boolean noContent = d.optionalBody && (d.body == null || d.body.length == 0);
                    d.mark(noContent ? VALID : ct.validity(), ct.tag());
                }
            } else if (d.body != null && r.nextInt(100) < 70) {
                d.headers.add(new Header("Content-Type", "application/json"));
            } else if (r.nextInt(100) < 15) {
                var ct = pick(
                        r,
                        "multipart/form-data",
                        "multipart/form-data; boundary=x",
                        "application/x-www-form-urlencoded",
                        "text/plain",
                        "application/json; charset=bogus",
                        "a/b/c");
                d.headers.add(new Header("Content-Type", ct));
                d.tags.add("ct=" + ct);
            }
        }
        if (r.nextInt(100) < 35) {
            var accept = pick(
                    r,
                    "text/html",
                    "application/xml",
                    "text/plain",
                    "*/*",
                    "application/json",
                    "application/problem+json",
                    "image/png",
                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                    "application/xml;q=1, application/json;q=0.1",
                    "garbage",
                    "application/json;q=0",
                    "",
                    "text/*",
                    "*/json");
            d.headers.add(new Header("Accept", accept));
            d.tags.add("accept=" + accept);
        }
        if (r.nextInt(100) < 10) {
            var extra = pick(
                    r,
                    "X-Fuzz: \u00e9\u00e8",
                    "Cookie: JSESSIONID=abc; x=%ZZ",
                    "Authorization: Bearer ' OR 1=1 --",
                    "X-Forwarded-For: ' OR 1=1 --",
                    "Accept-Charset: bogus",
                    "Accept-Language: zz-ZZ;q=nope",
                    "Accept-Encoding: gzip, deflate, br",
                    "Content-Encoding: gzip",
                    "Origin: http://evil.example",
                    "Range: bytes=0-1",
                    "If-None-Match: *",
                    "X-HTTP-Method-Override: DELETE",
                    "Access-Control-Request-Method: DELETE");
            int colon = extra.indexOf(':');
            d.headers.add(new Header(extra.substring(0, colon), extra.substring(colon + 2)));
            d.tags.add("header=" + extra.substring(0, colon));
        }
    }

    // ---- values ----------------------------------------------------------------------------------

    private Val validValue(SplittableRandom r, Kind kind) {
        return switch (kind) {
            case PENDING -> new Val("true", VALID, "true");
            case TIMEOUT -> validTimeout(r);
            case REASON -> validReason(r);
            case DIRECTION -> validDirection(r);
            case DESCRIPTION -> validDescription(r);
            case METADATA, METADATA_PATCH -> validMetadata(r);
            // Never the near-max account: a valid number in a transfer's source would drain it (see payer).
            case ACCOUNT -> new Val(jsonString(payer(r).number()), VALID, "existing");
            case NEW_ACCOUNT -> new Val(jsonString(freshNumber(r)), VALID, "fresh");
            case AMOUNT -> validAmount(r);
            case BALANCE -> validBalance(r);
            case CURRENCY -> new Val(jsonString(pick(r, "BRL", "USD")), VALID, "BRL/USD");
        };
    }

    private Val oddValue(SplittableRandom r, Kind kind) {
        switch (kind) {
            case PENDING, TIMEOUT, REASON, DIRECTION -> {
                return oddLifecycleValue(r, kind);
            }
            case DESCRIPTION, METADATA, METADATA_PATCH -> {
                return oddMemoValue(r, kind);
            }
            default -> {}
        }
        if (r.nextInt(10) < 3) {
            return wrongType(r, kind);
        }
        return switch (kind) {
            case ACCOUNT, NEW_ACCOUNT -> oddNumber(r, kind == Kind.NEW_ACCOUNT ? freshNumber(r) : payer(r).number());
            case AMOUNT -> oddAmount(r, false);
            case BALANCE -> oddAmount(r, true);
            case PENDING, TIMEOUT, REASON, DIRECTION -> throw new IllegalStateException("see oddLifecycleValue");
            case DESCRIPTION, METADATA, METADATA_PATCH -> throw new IllegalStateException("see oddMemoValue");
            case CURRENCY ->
                pickVal(
                        r,
                        new Val("\"brl\"", INVALID, "lower-case"),
                        new Val("\"Brl\"", INVALID, "mixed-case"),
                        new Val("\"BR\"", INVALID, "2-letters"),
                        new Val("\"BRLL\"", INVALID, "4-letters"),
                        new Val("\"\"", INVALID, "empty"),
                        new Val("\"XXX\"", INVALID, "XXX"),
                        new Val("\"XAU\"", INVALID, "gold"),
                        new Val("\"ZWD\"", INVALID, "withdrawn"),
                        new Val("\"\uff22\uff32\uff2c\"", INVALID, "fullwidth"),
                        new Val("\"BR\u00c9\"", INVALID, "accented"),
                        new Val("\"\u20ac\"", INVALID, "euro-sign"),
                        new Val("\"B L\"", INVALID, "space"),
                        new Val("\" BRL\"", INVALID, "leading-space"),
                        new Val("\"BRL \"", INVALID, "trailing-space"),
                        new Val("\"\\u0000BR\"", INVALID, "nul"),
                        new Val("\"986\"", INVALID, "numeric-code-string"),
                        new Val("\"EUR\"", VALID, "other-currency"),
                        new Val("\"JPY\"", VALID, "other-currency"),
                        new Val("\"USD\\n\"", INVALID, "newline"),
                        new Val("\"\\u0042RL\"", VALID, "escaped-BRL"),
                        new Val("\"" + "B".repeat(70_000) + "\"", INVALID, "70000-chars"));
        };
    }

    private Val wrongType(SplittableRandom r, Kind kind) {
        boolean amount = kind == Kind.AMOUNT || kind == Kind.BALANCE;
        var values = new ArrayList<Val>(List.of(
                new Val("null", INVALID, "null"),
                new Val("true", INVALID, "true"),
                new Val("false", INVALID, "false"),
                new Val("[]", INVALID, "[]"),
                new Val("{}", INVALID, "{}"),
                new Val("{\"value\":1}", INVALID, "object"),
                new Val("1.5", INVALID, "1.5"),
                new Val("NaN", INVALID, "NaN-literal"),
                new Val("\"NaN\"", INVALID, "NaN-string")));
        if (amount) {
            values.add(new Val("\"100\"", INVALID, "number-as-string"));
            values.add(new Val("[100]", INVALID, "[100]"));
        } else {
            values.add(new Val("123456", INVALID, "number-not-string"));
            values.add(new Val("[\"123456\"]", INVALID, "[\"...\"]"));
            values.add(new Val("986", INVALID, "number-not-string"));
        }
        return values.get(r.nextInt(values.size()));
    }

    private static Val oddAmount(SplittableRandom r, boolean zeroAllowed) {
        var zero = zeroAllowed ? VALID : INVALID;
        return pickVal(
                r,
                new Val("0", zero, "0"),
                new Val("-0", zero, "-0"),
                new Val("-1", INVALID, "-1"),
                new Val("9223372036854775807", VALID, "Long.MAX"),
                new Val("9223372036854775806", VALID, "Long.MAX-1"),
                new Val("-9223372036854775808", INVALID, "Long.MIN"),
                new Val("9223372036854775808", INVALID, "Long.MAX+1"),
                new Val("-9223372036854775809", INVALID, "Long.MIN-1"),
                new Val("18446744073709551616", INVALID, "2^64"),
                new Val("1e400", INVALID, "1e400"),
                new Val("-1e400", INVALID, "-1e400"),
                new Val("1e-400", INVALID, "1e-400"),
                new Val("4.9e-324", INVALID, "min-double"),
                new Val("1.5", INVALID, "1.5"),
                new Val("1.0", DUBIOUS, "1.0"),
                new Val("1e2", DUBIOUS, "1e2"),
                new Val("100.00", DUBIOUS, "100.00"),
                new Val("9223372036854775807.0", DUBIOUS, "Long.MAX.0"),
                new Val("NaN", INVALID, "NaN"),
                new Val("Infinity", INVALID, "Infinity"),
                new Val("-Infinity", INVALID, "-Infinity"),
                new Val("0x10", INVALID, "hex"),
                new Val("00100", INVALID, "leading-zeros"),
                new Val("+100", INVALID, "plus-sign"),
                new Val(".5", INVALID, ".5"),
                new Val("1_000", INVALID, "underscore"),
                new Val("1" + "0".repeat(1200), INVALID, "1201-digits"),
                new Val("\"\"", INVALID, "empty-string"),
                new Val("\"1e2\"", INVALID, "string-1e2"));
    }

    private static Val oddNumber(SplittableRandom r, String valid) {
        return pickVal(
                r,
                new Val(jsonString("12345"), INVALID, "5-digits"),
                new Val(jsonString("1234567890123"), INVALID, "13-digits"),
                new Val(jsonString(""), INVALID, "empty"),
                new Val(jsonString(" "), INVALID, "blank"),
                new Val(jsonString("abcdef"), INVALID, "letters"),
                new Val(jsonString("12345a"), INVALID, "digits+letter"),
                new Val(jsonString("\u0661\u0662\u0663\u0664\u0665\u0666"), INVALID, "arabic-indic-digits"),
                new Val(jsonString("\uff11\uff12\uff13\uff14\uff15\uff16"), INVALID, "fullwidth-digits"),
                new Val(jsonString("\ud83d\udcb0".repeat(6)), INVALID, "emoji"),
                new Val(jsonString("' OR 1=1 --"), INVALID, "sql"),
                new Val(jsonString("123456'; DROP TABLE account_balance; --"), INVALID, "sql-drop"),
                new Val(jsonString("12 3456"), INVALID, "inner-space"),
                new Val(jsonString("-123456"), INVALID, "minus"),
                new Val(jsonString("+123456"), INVALID, "plus"),
                new Val(jsonString("1e6"), INVALID, "exponent"),
                new Val(jsonString(valid + "\u0000"), INVALID, "trailing-nul"),
                new Val(jsonString("\t" + valid + "\n"), VALID, "ascii-whitespace-padded"),
                new Val(jsonString("\u00a0" + valid + "\u3000"), VALID, "unicode-whitespace-padded"),
                new Val(jsonString(valid + "\u0085"), VALID, "nel-padded"),
                new Val(jsonString("\u200b" + valid), INVALID, "zero-width-space"),
                new Val(jsonString("\ufeff" + valid), INVALID, "bom-prefixed"),
                new Val("\"\\ud800" + valid + "\"", INVALID, "lone-surrogate"),
                new Val(jsonString("9".repeat(5000)), INVALID, "5000-digits"),
                new Val(jsonString("null"), INVALID, "'null'"),
                new Val(jsonString("%s%s%n"), INVALID, "format-string"),
                new Val(jsonString("../../etc/passwd"), INVALID, "path-traversal"),
                new Val(jsonString("${jndi:ldap://x/a}"), INVALID, "jndi"),
                new Val(jsonString("<script>alert(1)</script>"), INVALID, "html"),
                new Val(jsonString("0x1E240"), INVALID, "hex"),
                new Val(jsonString("12345\uff16"), INVALID, "one-fullwidth-digit"),
                new Val(jsonString("1234567\u0301"), INVALID, "combining-mark"));
    }

    /** Odd values of the two-phase and lifecycle fields: wrong types, out of range, near misses. */
    private static Val oddLifecycleValue(SplittableRandom r, Kind kind) {
        return switch (kind) {
            case PENDING ->
                pickVal(
                        r,
                        // a transfer then, or refused for its timeout
                        new Val("false", DUBIOUS, "false"),
                        new Val("\"true\"", INVALID, "string-true"),
                        new Val("1", INVALID, "1"),
                        new Val("null", INVALID, "null"),
                        new Val("\"yes\"", INVALID, "yes"),
                        new Val("[true]", INVALID, "[true]"),
                        new Val("{}", INVALID, "{}"));
            case TIMEOUT ->
                pickVal(
                        r,
                        new Val("0", INVALID, "0"),
                        new Val("-1", INVALID, "-1"),
                        new Val("2592001", INVALID, "max+1"),
                        new Val("9223372036854775807", INVALID, "Long.MAX"),
                        new Val("9223372036854775808", INVALID, "Long.MAX+1"),
                        new Val("-9223372036854775808", INVALID, "Long.MIN"),
                        new Val("1e400", INVALID, "1e400"),
                        new Val("1.5", INVALID, "1.5"),
                        new Val("3600.0", DUBIOUS, "3600.0"),
                        new Val("36e2", DUBIOUS, "36e2"),
                        new Val("\"3600\"", INVALID, "number-as-string"),
                        new Val("null", INVALID, "null"),
                        new Val("true", INVALID, "true"),
                        new Val("[3600]", INVALID, "[3600]"),
                        new Val("NaN", INVALID, "NaN"),
                        new Val("2592000", VALID, "max"));
            case REASON ->
                pickVal(
                        r,
                        new Val("\"\"", INVALID, "empty"),
                        new Val("\"   \"", INVALID, "blank"),
                        new Val("\"\\t\\n\"", INVALID, "whitespace"),
                        new Val(jsonString("r".repeat(501)), INVALID, "501-chars"),
                        new Val(jsonString("r".repeat(500)), VALID, "500-chars"),
                        new Val(jsonString("  " + "r".repeat(500) + "  "), VALID, "500-chars-padded"),
                        new Val(jsonString("r".repeat(70_000)), INVALID, "70000-chars"),
                        new Val("null", INVALID, "null"),
                        new Val("42", INVALID, "number"),
                        new Val("[\"x\"]", INVALID, "array"),
                        new Val("{\"text\":\"x\"}", INVALID, "object"),
                        new Val(jsonString("\u00e9\u4e2d\ud83d\udcb0 fraude"), VALID, "unicode"),
                        new Val(jsonString("' OR 1=1 --"), VALID, "sql"),
                        new Val(jsonString("<script>alert(1)</script>"), VALID, "html"),
                        new Val("\"\\u0000\"", VALID, "nul"),
                        new Val("\"\\ud800\"", DUBIOUS, "lone-surrogate"));
            default ->
                pickVal(
                        r,
                        new Val("\"ALL\"", VALID, "upper-case"),
                        new Val("\"Debits\"", INVALID, "capitalized"),
                        new Val("\" credits\"", INVALID, "padded"),
                        new Val("\"\"", INVALID, "empty"),
                        new Val("\"sideways\"", INVALID, "unknown"),
                        new Val("\"debit\"", INVALID, "singular"),
                        new Val("null", INVALID, "null"),
                        new Val("1", INVALID, "number"),
                        new Val("[\"all\"]", INVALID, "array"),
                        new Val("true", INVALID, "true"));
        };
    }

    /** Long enough that nothing the fuzz reserves expires while it runs (an expiry would change state). */
    private static Val validTimeout(SplittableRandom r) {
        return new Val(pick(r, "3600", "86400", "604800", "2592000"), VALID, "ok");
    }

    /** Maybe a description and maybe metadata, as every write accepts (absent half the time). */
    private static void memo(SplittableRandom r, JsonBody body) {
        int k = r.nextInt(6);
        if (k == 0 || k == 2) {
            body.set("description", validDescription(r), Kind.DESCRIPTION, false);
        }
        if (k == 1 || k == 2) {
            body.set("metadata", validMetadata(r), Kind.METADATA, false);
        }
    }

    private static Val validDescription(SplittableRandom r) {
        return new Val(
                jsonString(pick(r, "Invoice 17", "", "x", "\u00e9\u4e2d\ud83d\udcb0 conta", "a \"quoted\" one")),
                VALID,
                "ok");
    }

    private static Val validMetadata(SplittableRandom r) {
        return new Val(
                pick(
                        r,
                        "{}",
                        "null",
                        "{\"order_id\":\"A-17\"}",
                        "{\"order_id\":\"A-17\",\"channel\":\"web\"}",
                        "{\"a.b-c_d\":\"\\\"quoted\\\",\\\"\",\"k0\":\"\"}"),
                VALID,
                "ok");
    }

    /** Keys {@code k0..k(n-1)}, each with the value {@code v}. */
    private static String metadataOf(int keys, String value) {
        var json = new StringBuilder("{");
        for (int i = 0; i < keys; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(value);
        }
        return json.append('}').toString();
    }

    private static Val oddMemoValue(SplittableRandom r, Kind kind) {
        if (kind == Kind.DESCRIPTION) {
            return pickVal(
                    r,
                    new Val(jsonString("d".repeat(500)), VALID, "500-chars"),
                    new Val(jsonString("d".repeat(501)), INVALID, "501-chars"),
                    new Val("\"a\\u0001b\"", INVALID, "control-char"),
                    new Val("\"\\u0000\"", INVALID, "nul"),
                    new Val("\"\\ud800\"", INVALID, "lone-surrogate"),
                    new Val("null", VALID, "null"),
                    new Val("42", INVALID, "number"),
                    new Val("[\"x\"]", INVALID, "array"),
                    new Val("{\"text\":\"x\"}", INVALID, "object"));
        }
        boolean patch = kind == Kind.METADATA_PATCH;
        return pickVal(
                r,
                new Val(metadataOf(20, "\"v\""), VALID, "20-keys"),
                new Val(metadataOf(21, "\"v\""), INVALID, "21-keys"),
                new Val("{\"" + "k".repeat(40) + "\":\"v\"}", VALID, "40-char-key"),
                new Val("{\"" + "k".repeat(41) + "\":\"v\"}", INVALID, "41-char-key"),
                new Val("{\"order id\":\"v\"}", INVALID, "key-with-space"),
                new Val("{\"Order\":\"v\"}", INVALID, "upper-case-key"),
                new Val("{\"\":\"v\"}", INVALID, "empty-key"),
                new Val("{\"k\":" + jsonString("v".repeat(500)) + "}", VALID, "500-char-value"),
                new Val("{\"k\":" + jsonString("v".repeat(501)) + "}", INVALID, "501-char-value"),
                new Val("{\"k\":1}", INVALID, "number-value"),
                new Val("{\"k\":{\"a\":\"b\"}}", INVALID, "object-value"),
                new Val("{\"k\":null}", patch ? VALID : INVALID, "null-value"),
                new Val("{\"k\":\"a\\u0001\"}", INVALID, "control-char-value"),
                new Val("[\"k\"]", INVALID, "array"),
                new Val("\"k=v\"", INVALID, "string"),
                new Val("7", INVALID, "number"));
    }

    private static Val validReason(SplittableRandom r) {
        return new Val(jsonString(pick(r, "fraud review", "court order 42", "customer asked", "x")), VALID, "ok");
    }

    private static Val validDirection(SplittableRandom r) {
        return new Val(jsonString(pick(r, "ALL", "DEBITS", "CREDITS", "all", "debits", "credits")), VALID, "ok");
    }

    private static Val validAmount(SplittableRandom r) {
        return new Val(Long.toString(1 + r.nextInt(300)), VALID, "ok");
    }

    private static Val validBalance(SplittableRandom r) {
        return new Val(Long.toString(r.nextInt(3) == 0 ? 0 : r.nextInt(100_000)), VALID, "ok");
    }

    /** An account number for a path: usually a real account, sometimes unknown, padded or odd. */
    private String pathNumber(SplittableRandom r, Account account, Draft d) {
        int k = r.nextInt(100);
        if (k < 75) {
            d.tags.add("n=" + account.label());
            return account.number();
        }
        if (k < 80) {
            d.tags.add("n=unknown");
            return freshNumber(r);
        }
        if (k < 85) {
            d.tags.add("n=padded");
            return pct(pick(r, " ", "\t", "\u00a0", "\u3000") + account.number() + pick(r, "", " ", "\n"));
        }
        var odd = oddNumber(r, account.number());
        d.mark(odd.validity(), "n=" + odd.tag());
        var text = odd.json();
        if (odd.tag().equals("lone-surrogate")) {
            return "%ED%A0%80" + account.number();
        }
        return pct(unJson(text));
    }

    private static String randomJson(SplittableRandom r, int depth) {
        int k = r.nextInt(depth <= 0 ? 6 : 9);
        return switch (k) {
            case 0 -> "null";
            case 1 -> Long.toString(r.nextLong());
            case 2 -> "1e400";
            case 3 -> "true";
            case 4 -> jsonString("s\u00e9\ud83d\udcb0");
            case 5 -> "\"\"";
            case 6 -> "[" + randomJson(r, depth - 1) + "," + randomJson(r, depth - 1) + "]";
            case 7 -> "{\"k\":" + randomJson(r, depth - 1) + "}";
            default -> "[]";
        };
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Account account(SplittableRandom r) {
        return accounts.get(r.nextInt(accounts.size()));
    }

    /**
     * An account to take money from: never the near-max one, so that it stays near the maximum and
     * transfers into it keep exercising the overflow refusal.
     */
    private Account payer(SplittableRandom r) {
        var payers =
                accounts.stream().filter(a -> !a.label().startsWith("near-max")).toList();
        return payers.get(r.nextInt(payers.size()));
    }

    private Account accountFor(String number) {
        return accounts.stream()
                .filter(a -> a.number().equals(number))
                .findFirst()
                .orElseThrow();
    }

    private static String freshNumber(SplittableRandom r) {
        int digits = 6 + r.nextInt(7);
        var out = new StringBuilder();
        for (int i = 0; i < digits; i++) {
            out.append((char) ('0' + r.nextInt(10)));
        }
        return out.toString();
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static Val pickVal(SplittableRandom r, Val... options) {
        return options[r.nextInt(options.length)];
    }

    /** A JSON string literal: quotes, backslashes and controls escaped, everything else as is. */
    static String jsonString(String s) {
        var out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The text of a string literal made by {@link #jsonString}, or the raw JSON when it is not one. */
    private static String unJson(String json) {
        if (json.length() < 2 || json.charAt(0) != '"') {
            return json;
        }
        var out = new StringBuilder();
        for (int i = 1; i < json.length() - 1; i++) {
            char c = json.charAt(i);
            if (c == '\\' && json.charAt(i + 1) == 'u') {
                out.append((char) Integer.parseInt(json.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (c == '\\') {
                out.append(json.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, as UTF-8. */
    static String pct(String s) {
        var out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** A JSON object under construction, tracking whether each field's effective value is valid. */
    private static final class JsonBody {
        private final List<String[]> fields = new ArrayList<>();
        private final Map<String, Validity> last = new LinkedHashMap<>();
        final Map<String, Kind> kinds = new LinkedHashMap<>();
        final Map<String, Boolean> required = new LinkedHashMap<>();
        private Validity extra = VALID;
        private final java.util.Set<String> ignored = new java.util.HashSet<>();

        void set(String name, Val value, Kind kind, boolean isRequired) {
            kinds.put(name, kind);
            required.put(name, isRequired);
            // replaces the last occurrence: with duplicate keys, the parser keeps the last one
            var existing = fields.stream().filter(f -> f[0].equals(name)).reduce((first, second) -> second);
            if (existing.isPresent()) {
                existing.get()[1] = value.json();
            } else {
                fields.add(new String[] {name, value.json()});
            }
            last.put(name, value.validity());
        }

        /** A field the route ignores: its value, or its absence, does not count. */
        void ignore(String name) {
            ignored.add(name);
        }

        void drop(String name) {
            fields.removeIf(f -> f[0].equals(name));
            if (Boolean.TRUE.equals(required.get(name))) {
                last.put(name, INVALID);
            } else {
                last.remove(name);
            }
        }

        void duplicate(String name, Val value) {
            if (fields.stream().noneMatch(f -> f[0].equals(name))) {
                set(name, value, kinds.get(name), required.get(name));
                return;
            }
            fields.add(new String[] {name, value.json()});
            extra = extra.and(DUBIOUS);
            last.put(name, value.validity());
        }

        void extra(String name, String json) {
            fields.add(new String[] {name, json});
        }

        String valueOf(String name) {
            return fields.stream()
                    .filter(f -> f[0].equals(name))
                    .map(f -> f[1])
                    .findFirst()
                    .orElse("null");
        }

        int size() {
            return fields.size();
        }

        /** The fields' validity; a transfer naming one account on both sides, once trimmed, is malformed. */
        Validity validity() {
            var fields = last.entrySet().stream()
                    .filter(e -> !ignored.contains(e.getKey()))
                    .map(Map.Entry::getValue)
                    .reduce(extra, Validity::and);
            return sameAccount() ? fields.and(INVALID) : fields;
        }

        private boolean sameAccount() {
            var from = lastValueOf("from_account_number");
            var to = lastValueOf("to_account_number");
            if (from == null || to == null || !from.startsWith("\"") || !to.startsWith("\"")) {
                return false;
            }
            return unJson(from).strip().equals(unJson(to).strip());
        }

        private String lastValueOf(String name) {
            return fields.stream()
                    .filter(f -> f[0].equals(name))
                    .map(f -> f[1])
                    .reduce((first, second) -> second)
                    .orElse(null);
        }

        String render() {
            var out = new StringBuilder("{");
            for (var f : fields) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(jsonString(f[0])).append(':').append(f[1]);
            }
            return out.append('}').toString();
        }

        String asForm() {
            var out = new StringBuilder();
            for (var f : fields) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(pct(f[0])).append('=').append(pct(unJson(f[1])));
            }
            return out.toString();
        }
    }

    /** The request being generated. */
    private static final class Draft {
        final int index;
        String route = "?";
        String method = "GET";
        String target = "/";
        final List<Header> headers = new ArrayList<>();
        byte[] body;
        byte[] raw;
        Validity validity = VALID;
        final List<String> tags = new ArrayList<>();
        boolean json;
        boolean ctSet;
        boolean optionalBody;
        IdempotencyKeys.Key key;
        FuzzRequest.Expect expect;

        Draft(int index) {
            this.index = index;
        }

        void post(String target, String route) {
            this.method = "POST";
            this.target = target;
            this.route = route;
        }

        void get(String target, String route) {
            this.method = "GET";
            this.target = target;
            this.route = route;
        }

        void mark(Validity v, String tag) {
            validity = validity.and(v);
            if (tag != null) {
                tags.add(tag);
            }
        }

        FuzzRequest build() {
            // an invalid key is refused first (400 INVALID_IDEMPOTENCY_KEY), whatever else was expected
            var expected = key != null && !key.valid() ? null : expect;
            return new FuzzRequest(
                    index,
                    route,
                    method,
                    target,
                    List.copyOf(headers),
                    body,
                    raw,
                    validity,
                    List.copyOf(tags),
                    key,
                    expected);
        }
    }
}
